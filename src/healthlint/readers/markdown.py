"""Markdown (CommonMark plus GFM tables and strikethrough), parsed with markdown-it-py.

Prose: headings, paragraphs, list items, table cells and block quotes (each a block of its own, so they end
sentences), link text, image alt text (a block of kind ``alt`` after its paragraph), and the front matter's
prose fields (see :mod:`healthlint.readers.frontmatter`). Skipped: fenced and indented code, inline code,
link and image destinations and titles, reference definitions, autolinks, HTML comments (returned by
:func:`comments` for inline directives) and HTML tags. The text between inline HTML tags
(``<span>erases</span>``) is prose, as a reader sees it; a raw HTML block is read with the HTML reader
(visible text, alt, no script), except inside a block quote, where only its comments are kept.

markdown-it maps blocks to source lines but not inline tokens to columns. Each inline token's ``content``
is matched line by line against its source lines (giving one anchor per line: content offset -> source
offset), then the children are walked in order with a cursor in ``content`` that only moves forward: text is
where the cursor is (or the next place it occurs), markup tokens move the cursor past their markup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

import regex
from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from healthlint.readers._common import Comment, Document, line_end, line_starts
from healthlint.readers.frontmatter import read_front_matter
from healthlint.textmodel import Prose, ProseBuilder

Segment = tuple[str, int, bool]  # text, source offset, verbatim

_COMMENT = regex.compile(r"<!--(.*?)-->", regex.S)
_LONE_CR = regex.compile(r"\r(?!\n)")
_LINE_PREFIX = regex.compile(r"[ \t>]*(?:#{1,6}(?=[ \t]|$))?", regex.M)
_TICKS = regex.compile(r"`+")
_SPACE = regex.compile(r"[ \t\n]*")
_REF_LABEL = regex.compile(r"\[(?:[^\]\\]|\\.)*\]", regex.S)
_EMPHASIS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})
_CONTAINERS = {"blockquote_open": "quote", "list_item_open": "list"}
_CONTAINER_ENDS = frozenset({"blockquote_close", "list_item_close"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # text_join off: entities and backslash escapes stay separate tokens, with their source form as markup
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")


def parse(source: str, front_matter_fields: Iterable[str] | None = None) -> Document:
    """The prose of a Markdown document and its HTML comments (outside code)."""
    return _Reader(source).run(front_matter_fields)


def read(source: str, front_matter_fields: Iterable[str] | None = None) -> Prose:
    return parse(source, front_matter_fields).prose


def comments(source: str) -> list[Comment]:
    """HTML comments with their 1-based source lines, for ``<!-- healthlint-disable ... -->`` directives."""
    return parse(source).comments


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = line_starts(source)
        self.b = ProseBuilder()
        self.comments: list[Comment] = []

    def run(self, fields: Iterable[str] | None) -> Document:
        source = self.source
        body = read_front_matter(self.b, source, fields)
        # blank the front matter out, keeping line numbers; a lone CR is a line break for markdown-it only
        md_src = "\n" * source.count("\n", 0, body) + source[body:] if body else source
        if "\r" in md_src:
            md_src = _LONE_CR.sub(" ", md_src)
        containers: list[str] = []
        kind = "paragraph"
        row, row_cursor = 0, 0
        for tok in _parser().parse(md_src):
            t = tok.type
            if t == "inline":
                if kind == "table":
                    anchors, row_cursor = self._cell_anchors(tok.content, row, row_cursor)
                else:
                    anchors = self._line_anchors(tok)
                self._inline(tok, anchors, kind)
            elif t in _CONTAINERS:
                containers.append(_CONTAINERS[t])
            elif t in _CONTAINER_ENDS:
                containers.pop()
            elif t == "paragraph_open":
                kind = containers[-1] if containers else "paragraph"
            elif t == "heading_open":
                kind = "heading"
            elif t in ("th_open", "td_open"):
                kind = "table"
            elif t == "tr_open" and tok.map:
                row = tok.map[0]
                row_cursor = self.starts[row]
            elif t == "html_block" and tok.map:
                self._html_block(tok, "quote" in containers)
        self.comments.sort(key=lambda c: c.offset)
        return Document(self.b.build(), self.comments)

    def _line_anchors(self, tok: Token) -> tuple[list[int], list[int]]:
        """Content offset -> source offset of the first non-blank character of each content line."""
        src, starts = self.source, self.starts
        cs: list[int] = []
        ss: list[int] = []
        cpos = 0
        first = tok.map[0] if tok.map else 0
        for j, line in enumerate(tok.content.split("\n")):
            n = first + j
            if n >= len(starts):
                break
            ls, le = starts[n], line_end(src, starts, n)
            text = line.lstrip(" \t")
            cs.append(cpos + len(line) - len(text))
            if src.endswith(text, ls, le):
                ss.append(le - len(text))
            else:
                trimmed = le
                while trimmed > ls and src[trimmed - 1] in " \t":
                    trimmed -= 1
                if src.endswith(text, ls, trimmed):
                    ss.append(trimmed - len(text))
                else:  # ATX heading with a closing sequence, or text the parser changed (NUL)
                    found = src.find(text, _LINE_PREFIX.match(src, ls, le).end(), le)
                    ss.append(found if found >= 0 else ls)
            cpos += len(line) + 1
        return cs, ss

    def _cell_anchors(self, content: str, row: int, cursor: int) -> tuple[tuple[list[int], list[int]], int]:
        """Anchors of a table cell's content in its row; an escaped pipe ``\\|`` reads ``|``."""
        src = self.source
        parts = content.split("|")
        le = line_end(src, self.starts, row)
        start = src.find(parts[0], cursor, le)
        spos = cursor if start < 0 else start
        cs, ss = [0], [spos]
        spos += len(parts[0])
        cpos = len(parts[0])
        for part in parts[1:]:
            if src.startswith("\\|", spos):
                spos += 1
            cs.append(cpos)
            ss.append(spos)
            spos += 1 + len(part)
            cpos += 1 + len(part)
        return (cs, ss), spos

    def _inline(self, tok: Token, anchors: tuple[list[int], list[int]], kind: str) -> None:
        main: list[Segment] = []
        alts: list[list[Segment]] = []
        _Inline(self, tok.content, anchors).walk(tok.children or [], 0, main, alts)
        b = self.b
        for s, src, verbatim in main:
            b.add(s, src, verbatim)
        b.end_block(kind)
        for alt in alts:
            for s, src, verbatim in alt:
                b.add(s, src, verbatim)
            b.end_block("alt")

    def _html_block(self, tok: Token, in_quote: bool) -> None:
        first, last = tok.map[0], tok.map[1] - 1
        start, end = self.starts[first], line_end(self.source, self.starts, last)
        if in_quote:  # '>' prefixes would read as text: keep the comments only
            for m in _COMMENT.finditer(self.source, start, end):
                self.add_comment(m.start(), m.group(1))
            return
        # inside a list item the first line starts with the marker: begin where the HTML does
        head = tok.content.lstrip().split("\n", 1)[0]
        found = self.source.find(head, start, line_end(self.source, self.starts, first)) if head else -1
        from healthlint.readers.html import feed

        self.comments.extend(feed(self.b, self.source, found if found >= 0 else start, end, self.starts))

    def add_comment(self, offset: int, text: str) -> None:
        self.comments.append(Comment(bisect_right(self.starts, offset), offset, text.strip()))


class _Inline:
    """Walks the children of one inline token, turning them into source-mapped segments."""

    def __init__(self, reader: _Reader, content: str, anchors: tuple[list[int], list[int]]) -> None:
        self.reader = reader
        self.source = reader.source
        self.content = content
        self.cs, self.ss = anchors

    def src_of(self, c: int) -> int:
        k = max(bisect_right(self.cs, c) - 1, 0)
        return self.ss[k] + c - self.cs[k]

    def text(self, out: list[Segment], c: int, s: str) -> None:
        """Append ``s``, found at content offset ``c``, split where its source runs break."""
        cs, ss, source = self.cs, self.ss, self.source
        k = max(bisect_right(cs, c) - 1, 0)
        base, end = c, c + len(s)
        while c < end:
            stop = min(end, cs[k + 1]) if k + 1 < len(cs) else end
            piece = s[c - base : stop - base]
            src = ss[k] + c - cs[k]
            out.append((piece, src, source.startswith(piece, src)))
            c = stop
            k += 1

    def locate(self, s: str, cur: int) -> int:
        return cur if self.content.startswith(s, cur) else self.content.find(s, cur)

    def walk(self, children: list[Token], cur: int, out: list[Segment], alts: list[list[Segment]]) -> int:
        content = self.content
        autolink = False
        for t in children:
            typ = t.type
            if autolink:  # <http://...>: the URL is not prose
                if typ == "link_close":
                    autolink = False
                    cur = content.find(">", cur) + 1 or cur
            elif typ == "text":
                p = self.locate(t.content, cur)
                if p >= 0:
                    self.text(out, p, t.content)
                    cur = p + len(t.content)
            elif typ == "text_special":  # entity or backslash escape; markup is its source form
                p = self.locate(t.markup, cur)
                if p >= 0:
                    if t.info == "escape":
                        self.text(out, p + 1, t.content)
                    else:
                        out.append((t.content, self.src_of(p), False))
                    cur = p + len(t.markup)
            elif typ in ("softbreak", "hardbreak"):
                p = content.find("\n", cur)
                if p >= 0:
                    out.append(("\n", self.src_of(p), False))
                    cur = p + 1
            elif typ in _EMPHASIS:
                if content.startswith(t.markup, cur):
                    cur += len(t.markup)
            elif typ == "code_inline":
                cur = self.skip_code(len(t.markup), cur)
            elif typ == "html_inline":
                p = self.locate(t.content, cur)
                if p >= 0:
                    for m in _COMMENT.finditer(t.content):
                        self.reader.add_comment(self.src_of(p + m.start()), m.group(1))
                    cur = p + len(t.content)
            elif typ == "link_open":
                if t.markup == "autolink":
                    autolink = True
                else:
                    cur = content.find("[", cur) + 1 or cur
            elif typ == "link_close":
                cur = self.skip_link_tail(cur)
            elif typ == "image":
                p = content.find("![", cur)
                if p >= 0:
                    alt: list[Segment] = []
                    cur = self.skip_link_tail(self.walk(t.children or [], p + 2, alt, alts))
                    alts.append(alt)
        return cur

    def skip_code(self, n: int, cur: int) -> int:
        """Move past a code span opened by a run of exactly ``n`` backticks at or after ``cur``."""
        content = self.content
        opened = -1
        for m in _TICKS.finditer(content, cur):
            if m.end() - m.start() == n:
                if opened >= 0:
                    return m.end()
                opened = m.end()
        return opened if opened >= 0 else cur

    def skip_link_tail(self, cur: int) -> int:
        """Move past the ``](destination "title")``, ``][label]`` or ``]`` that closes a link's text."""
        content = self.content
        n = len(content)
        p = content.find("]", cur)
        if p < 0:
            return cur
        pos = p + 1
        if pos < n and content[pos] == "(":
            pos = _SPACE.match(content, pos + 1).end()
            dest = parseLinkDestination(content, pos, n)
            if dest.ok:
                pos = _SPACE.match(content, dest.pos).end()
                title = parseLinkTitle(content, pos, n)
                if title.ok:
                    pos = _SPACE.match(content, title.pos).end()
            return pos + 1 if pos < n and content[pos] == ")" else pos
        label = _REF_LABEL.match(content, pos)
        return label.end() if label else pos
