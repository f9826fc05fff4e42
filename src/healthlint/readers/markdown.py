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

Scale and speed (issue 6). The body is parsed in windows of about :data:`CHUNK` characters: all top-level
blocks of a window but the last are final, the next window starts at the last one, and the window's tokens
are dropped before the next is parsed, so memory does not grow with markdown-it's tokens for the whole file
(reference definitions, which may follow their use, are collected in a first block-only pass when there
are several windows). Two fast paths give exactly what markdown-it gives (tests compare them with
markdown-it on the whole document, offsets included): simple stanzas (plain-started paragraphs, ATX
headings, one-line list items, pipe tables) are replaced in the window by a one-letter placeholder
paragraph and read directly, which is valid when the placeholder comes out as a top-level paragraph
(otherwise the window is parsed as it is); and inline content with no markup, or only ``**strong**``,
links and images around plain text, is mapped without the inline parser.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache

from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from healthlint.lazyre import compile_lazily
from healthlint.readers._common import Comment, Document, line_end, line_starts
from healthlint.readers.frontmatter import read_front_matter
from healthlint.textmodel import Prose, ProseBuilder

Segment = tuple[str, int, bool]  # text, source offset, verbatim

# markdown-it's trim characters (markdown_it.common.utils.MD_TRIM_CHARS; a test checks they agree), here
# so that a page read without markdown-it (see _Reader._windows) never imports it
MD_TRIM_CHARS = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_MD_TRIM = frozenset(MD_TRIM_CHARS)
# Content the inline parser would turn into more than text and soft breaks: a character that starts an
# inline rule (escape, code, strikethrough, emphasis, link, image, autolink, HTML, entity) or a hard break.
_MARKUP = compile_lazily(r"[\\`~*_\[]|!\[|<[A-Za-z/!?]|&[#A-Za-z]| {2,}\n")
# The common markup read without the inline parser: **strong**, [link](destination) and ![image](source)
# around plain text, with nothing else that could start markup (see _Inline.simple).
_IN = r"(?:[^\\`~*_\[\]!<&]|&(?![#A-Za-z])|!(?!\[)|<(?![A-Za-z/!?]))"
_DEST = r"(?:https?://)?[^\s()<>\\:\"'`\[\]]*"
_SIMPLE_INLINE = compile_lazily(
    rf"\*\*(?P<strong>[^\W_]{_IN}*?)\*\*"
    rf"|\[(?P<link>{_IN}+)\]\({_DEST}\)"
    rf"|!\[(?P<image>{_IN}*)\]\({_DEST}\)"
)
_NOT_TEXT = compile_lazily(r"[\\`~*_\[\]]|!\[|<[A-Za-z/!?]|&[#A-Za-z]")
# without reference definitions, brackets that open no inline link are text
_NOT_TEXT_NO_REFS = compile_lazily(r"[\\`~*_]|<[A-Za-z/!?]|&[#A-Za-z]")
_PUNCT = compile_lazily(r"[\p{P}\p{S}]")
_FLANK_OK = compile_lazily(r"[\p{P}\p{S}\p{Zs} \t\n\f\v\r]")  # markdown-it's punctuation or whitespace
_GAP = compile_lazily(r"\n(?:[ \t]*\n)+")
_COMMENT = compile_lazily(r"<!--(.*?)-->", regex.S)
_LONE_CR = compile_lazily(r"\r(?!\n)")
_LINE_PREFIX = compile_lazily(r"[ \t>]*(?:#{1,6}(?=[ \t]|$))?", regex.M)
_TICKS = compile_lazily(r"`+")
_SPACE = compile_lazily(r"[ \t\n]*")
_REF_LABEL = compile_lazily(r"\[(?:[^\]\\]|\\.)*\]", regex.S)
_EMPHASIS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})
_CONTAINERS = {"blockquote_open": "quote", "list_item_open": "list"}
_CONTAINER_ENDS = frozenset({"blockquote_close", "list_item_close"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # text_join off: entities and backslash escapes stay separate tokens, with their source form as markup
    # inline off: the reader runs the inline parser itself, only on content that has inline markup
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable(["text_join", "inline"])


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The same block rules without the inline parse: collects reference definitions."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable(["text_join", "inline"])


def _blank(text: str, plain: list[tuple[int, int, int, int, list]]) -> tuple[str, list[int], list[int]]:
    """``text`` with each run of simple stanzas replaced by a one-letter placeholder paragraph, so
    markdown-it still sees a paragraph there but does not read it; and the map back to the window's
    lines: the placeholders' lines in the new text and the lines removed up to each of them."""
    parts = []
    at: list[int] = []
    removed: list[int] = []
    pos = gone = 0
    for first, stop, a, z, _ in plain:
        parts.append(text[pos:a])
        parts.append("x")
        at.append(first - gone)
        gone += stop - first - 1
        removed.append(gone)
        pos = z
    parts.append(text[pos:])
    return "".join(parts), at, removed


def _restore_lines(tokens: list[Token], at: list[int], removed: list[int]) -> None:
    """Give the tokens of a window with placeholders the line numbers of the window itself."""
    for t in tokens:
        m = t.map
        if m:
            k = bisect_left(at, m[0])  # placeholders before the block's first line
            a = m[0] + (removed[k - 1] if k else 0)
            k = bisect_left(at, m[1])
            t.map = [a, m[1] + (removed[k - 1] if k else 0)]


def _placeholders_kept(tokens: list[Token], plain: list[tuple[int, int, int, int, list]]) -> bool:
    """True if every placeholder came out as a top-level paragraph of its own (not code, not in a
    container): then the plain paragraph it stands for is one too, and nothing else changed."""
    starts = {t.map[0] for t in tokens if t.type == "paragraph_open" and t.level == 0 and t.map}
    return all(p[0] in starts for p in plain)


def parse(source: str, front_matter_fields: Iterable[str] | None = None) -> Document:
    """The prose of a Markdown document and its HTML comments (outside code)."""
    return _Reader(source).run(front_matter_fields)


def read(source: str, front_matter_fields: Iterable[str] | None = None) -> Prose:
    return parse(source, front_matter_fields).prose


def comments(source: str) -> list[Comment]:
    """HTML comments with their 1-based source lines, for ``<!-- healthlint-disable ... -->`` directives."""
    return parse(source).comments


#: Characters of a window given to markdown-it at once (the source is parsed in windows of about this size,
#: so markdown-it's tokens are never held for the whole of a large file).
CHUNK = 256 * 1024

# Simple blocks, read without markdown-it's block parser. A stanza is a run of non-blank lines between
# blank lines; it is simple when it is one of:
#   paragraph  every line starts with a letter, an opening quote or bracket, ``**x`` or ``![``
#   heading    one ATX heading line with no ``#`` after the opening sequence
#   list       single-line items (``- x``, ``* x``, ``+ x``, ``1. x``, ``1) x``) whose text starts as above
#   table      rows between pipes (a header, a delimiter row, body rows) with as many cells in every row,
#              no backslash
# and has no ``]:`` (a reference definition), CR or NUL. None of these lines can start another block or
# continue one, so a simple stanza at the top level is exactly that block. Whether it is at the top level
# (not inside a fence, an HTML block or a container) is what the window parse checks: each run of simple
# stanzas is replaced by a one-letter placeholder paragraph, which must come out as a top-level paragraph.
_SAFE = r"(?=[\p{L}\"'(\[]|[^\x00-\x7f\s]|\*\*[^\s*]|!\[)"
_REST = r"[^\n\r\0]*"
_MARKER = compile_lazily(r"[-*+]|[0-9]{1,9}[.)]")
_STANZA = compile_lazily(
    rf"(?P<paragraph>{_SAFE}{_REST}(?:\n{_SAFE}{_REST})*)"
    rf"|(?P<list>(?:[-*+]|[0-9]{{1,9}}[.)]) {_SAFE}{_REST}(?:\n(?:[-*+]|[0-9]{{1,9}}[.)]) {_SAFE}{_REST})*)"
    r"|(?P<heading>#{1,6}[ \t][^\n\r\0#]*)"
    rf"|(?P<quote>(?:>[ \t]*|> {_SAFE}{_REST})(?:\n(?:>[ \t]*|> {_SAFE}{_REST}))*)"
    r"|(?P<table>\|[^\n\r\0\\]*\|[ \t]*\n\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?:\n\|[^\n\r\0\\]*\|[ \t]*)*)"
)
_HASHES = compile_lazily(r"#+")
_BLANK_LINES = compile_lazily(r"(?:[ \t]*\n)*")


class _Reader:
    #: set to False to read every block with markdown-it (the tests compare both ways)
    fast = True

    def __init__(self, source: str, chunk: int | None = None) -> None:
        self.source = source
        self.starts = line_starts(source)
        self.b = ProseBuilder()
        self.comments: list[Comment] = []
        self.chunk = chunk or CHUNK
        self.line_off = 0  # first source line of the window being read
        self.containers = []

    def run(self, fields: Iterable[str] | None) -> Document:
        source = self.source
        body = read_front_matter(self.b, source, fields)
        first = source.count("\n", 0, body) if body else 0  # the body starts on a line of its own
        env: dict = {}
        self.env = env
        if "]:" in source and len(source) - body > self.chunk:
            # a reference definition may come after its use: collect them all before the inline parse
            self._windows(first, env, refs_only=True)
        self._windows(first, env, refs_only=False)
        self.comments.sort(key=lambda c: c.offset)
        return Document(self.b.build(), self.comments)

    def _windows(self, line: int, env: dict, refs_only: bool) -> None:
        """Parse the body from ``line`` on in windows of about ``self.chunk`` characters.

        Every top-level block of a window except the last one is final (a block ends where the next one
        starts, and nothing later changes it); the next window starts at the last one. A window with a
        single top-level block that is not the end of the source grows until it holds two.
        """
        source, starts = self.source, self.starts
        n = len(source)
        size = self.chunk
        while line < len(starts) and starts[line] < n:
            s = starts[line]
            e = source.find("\n", min(s + size, n) - 1)
            e = n if e < 0 else e + 1
            eof = e >= n
            text = source[s:e]
            if "\r" in text:
                text = _LONE_CR.sub(" ", text)
            plain = self._simple(text, eof) if self.fast and not refs_only else []
            if eof and len(plain) == 1 and not text[: plain[0][2]].strip(" \t\n") and not text[plain[0][3] :].strip(" \t\n"):
                # the rest of the document is one run of simple stanzas, each exactly the block it looks
                # like (see _STANZA): read them as they are, without markdown-it (nor its import)
                self.line_off = line
                self._emit_run(plain[0][4])
                return
            md = _block_parser() if refs_only else _parser()
            if plain:
                blanked, at, removed = _blank(text, plain)
                tokens = md.parse(blanked, env)
                _restore_lines(tokens, at, removed)
            else:
                tokens = md.parse(text, env)
            if plain and not _placeholders_kept(tokens, plain):
                plain = []  # a candidate sits inside a fence or a container: parse as it is
                tokens = md.parse(text, env)
            # top-level block starts (token index, line), plain paragraphs included
            heads = [(i, t.map[0]) for i, t in enumerate(tokens) if t.level == 0 and t.nesting >= 0 and t.map]
            last = heads[-1][1] if heads else -1
            if last > 0 and not eof and "]:" in text:
                # a link reference definition's title may run on over the next lines and swallow what
                # looks like a block after it: only a block after a blank line is sure to stay one
                last = next((h for _, h in reversed(heads) if h > 0 and not source[
                    starts[line + h - 1]:starts[line + h]].strip(" \t\n")), -1)
            if eof:
                stop_line = None
            elif last <= 0:  # one block fills the window (or none starts in it): take more
                size *= 2
                continue
            else:
                stop_line = last
            if not refs_only:
                self.line_off = line
                self._tokens(tokens, heads, plain, stop_line)
            del tokens
            if eof:
                return
            line += stop_line
            size = self.chunk

    def _simple(self, text: str, eof: bool) -> list[tuple[int, int, int, int, list]]:
        """Runs of simple stanzas in a window: (first line, stop line, start, end, stanzas), each stanza
        (kind, first line, stop line), lines counted from the window's first line."""
        stanzas: list[tuple[str | None, int, int, int, int]] = []
        line = pos = 0
        a = _BLANK_LINES.match(text).end()  # the window may start with blank lines
        count = text.count
        n = len(text)
        gaps = _GAP.finditer(text, a)
        while a < n:
            g = next(gaps, None)
            z = g.start() if g else (n - 1 if text.endswith("\n") else n)
            first = line + count("\n", pos, a)
            stop = first + count("\n", a, z) + 1
            line, pos = stop - 1, z
            kind = None
            if g or eof:  # the window's last stanza may go on past it
                m = _STANZA.fullmatch(text, a, z) if text.find("]:", a, z) < 0 else None
                kind = m.lastgroup if m else None
                if kind == "table" and len({row.rstrip(" \t").count("|") for row in text[a:z].split("\n")}) != 1:
                    kind = None  # rows with fewer or more cells: markdown-it pads or drops them
            stanzas.append((kind, first, stop, a, z))
            if g is None:
                break
            a = g.end()
        runs: list[tuple[int, int, int, int, list]] = []
        run: list = []
        run_a = run_z = 0
        for i, (kind, first, stop, a, z) in enumerate(stanzas):
            if kind == "list" and i + 1 < len(stanzas) and text[stanzas[i + 1][3]] in " \t":
                kind = None  # an indented block after a list may belong to its last item
            if kind is None:
                if run:
                    runs.append((run[0][1], run[-1][2], run_a, run_z, run))
                    run = []
                continue
            if not run:
                run_a = a
            run_z = z
            run.append((kind, first, stop))
        if run:
            runs.append((run[0][1], run[-1][2], run_a, run_z, run))
        return runs

    def _tokens(self, tokens: list[Token], heads: list[tuple[int, int]], plain: list, stop_line: int | None) -> None:
        """Read the window's tokens (with its plain paragraphs) up to ``stop_line``."""
        end = len(tokens)
        if stop_line is not None:
            end = next((i for i, ln in heads if ln >= stop_line), end)
        self._read_tokens(tokens, 0, end, {p[0]: p[4] for p in plain})

    def _emit_run(self, stanzas: list) -> None:
        """Read a run of simple stanzas as markdown-it would (their content goes through :meth:`_inline`)."""
        source, starts, off = self.source, self.starts, self.line_off
        for kind, first, stop in stanzas:
            first += off
            stop += off
            if kind == "paragraph":
                s = starts[first]
                e = line_end(source, starts, stop - 1)
                while e > s and source[e - 1] in _MD_TRIM:
                    e -= 1
                self._verbatim_content(source[s:e], s, "paragraph")
                continue
            if kind == "table":
                self._table(first, stop)
                continue
            if kind == "quote":
                self._quote(first, stop)
                continue
            for ln in range(first, stop):
                ls, le = starts[ln], line_end(source, starts, ln)
                if kind == "heading":
                    cs = _HASHES.match(source, ls).end()
                else:
                    cs = _MARKER.match(source, ls).end()
                while cs < le and source[cs] in _MD_TRIM:
                    cs += 1
                ce = le
                while ce > cs and source[ce - 1] in _MD_TRIM:
                    ce -= 1
                self._verbatim_content(source[cs:ce], cs, kind)

    def _quote(self, first: int, stop: int) -> None:
        """A simple block quote: each run of ``> text`` lines is a paragraph of kind quote."""
        source, starts = self.source, self.starts
        ln = first
        while ln < stop:
            run = []
            while ln < stop and source.startswith("> ", starts[ln]) and not source[starts[ln] + 2 : line_end(source, starts, ln)].strip(" \t") == "":
                run.append(ln)
                ln += 1
            if not run:
                ln += 1
                continue
            ss = [starts[k] + 2 for k in run]
            lines = [source[x : line_end(source, starts, k)] for x, k in zip(ss, run)]
            content = "\n".join(lines)
            content = content.rstrip(MD_TRIM_CHARS)
            cs = []
            c = 0
            for line_text in lines:
                cs.append(c)
                c += len(line_text) + 1
            self._inline_content(content, (cs, ss), "quote")

    def _table(self, first: int, stop: int) -> None:
        """Each cell of a simple table (the delimiter row skipped), trimmed, as a block of kind table."""
        source, starts = self.source, self.starts
        for ln in range(first, stop):
            if ln == first + 1:
                continue
            ls, le = starts[ln], line_end(source, starts, ln)
            cut = source.find("|", ls, le)
            last = source.rfind("|", ls, le)
            while cut < last:
                nxt = source.find("|", cut + 1, le)
                cs, ce = cut + 1, nxt
                while cs < ce and source[cs] in _MD_TRIM:
                    cs += 1
                while ce > cs and source[ce - 1] in _MD_TRIM:
                    ce -= 1
                self._verbatim_content(source[cs:ce], cs, "table")
                cut = nxt

    def _read_tokens(self, tokens: list[Token], i: int, j: int, plain: dict[int, int]) -> None:
        containers = self.containers
        kind = self.kind
        row, row_cursor = self.row, self.row_cursor
        off = self.line_off
        k = i
        while k < j:
            tok = tokens[k]
            k += 1
            t = tok.type
            if plain and t == "paragraph_open" and tok.level == 0 and tok.map[0] in plain:
                self._emit_run(plain[tok.map[0]])
                k += 2  # the placeholder's inline and paragraph_close
            elif t == "inline":
                if kind == "table":
                    anchors, row_cursor = self._cell_anchors(tok.content, row, row_cursor)
                else:
                    anchors = self._line_anchors(tok)
                self._inline_content(tok.content, anchors, kind)
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
                row = tok.map[0] + off
                row_cursor = self.starts[row]
            elif t == "html_block" and tok.map:
                self._html_block(tok, "quote" in containers)
        self.kind = kind
        self.row, self.row_cursor = row, row_cursor

    containers: list[str]
    kind = "paragraph"
    row = 0
    row_cursor = 0

    def _line_anchors(self, tok: Token) -> tuple[list[int], list[int]]:
        """Content offset -> source offset of the first non-blank character of each content line."""
        src, starts = self.source, self.starts
        cs: list[int] = []
        ss: list[int] = []
        cpos = 0
        first = (tok.map[0] if tok.map else 0) + self.line_off
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

    def _verbatim_content(self, content: str, src: int, kind: str) -> None:
        """Inline content that stands verbatim at ``source[src:]`` (a simple stanza's), lines without
        indentation: without markup and without a space before a line break, it is one verbatim piece
        (the soft breaks map to the line breaks themselves)."""
        if self.fast and " \n" not in content and _MARKUP.search(content) is None:
            self.b.add_block(content, src, kind)
        elif "\n" in content:
            starts = self.starts
            first = bisect_right(starts, src) - 1
            ss = starts[first : first + content.count("\n") + 1].tolist()
            ss[0] = src
            self._inline_content(content, ([x - src for x in ss], ss), kind)
        else:
            self._inline_content(content, ([0], [src]), kind)

    def _inline_content(self, content: str, anchors: tuple[list[int], list[int]], kind: str) -> None:
        main: list[Segment] = []
        alts: list[list[Segment]] = []
        if self.fast and _MARKUP.search(content) is None:
            # what the inline parser would give: one text per line and soft breaks (no markup, no hard break)
            _Inline(self, content, anchors).run(main, 0, len(content))
        elif self.fast and _Inline(self, content, anchors).simple(main, alts):
            pass
        else:
            md = _parser()
            children: list[Token] = []
            md.inline.parse(content, md, self.env, children)
            _Inline(self, content, anchors).walk(children, 0, main, alts)
        b = self.b
        for s, src, verbatim in main:
            b.add(s, src, verbatim)
        b.end_block(kind)
        for alt in alts:
            for s, src, verbatim in alt:
                b.add(s, src, verbatim)
            b.end_block("alt")

    def _html_block(self, tok: Token, in_quote: bool) -> None:
        first, last = tok.map[0] + self.line_off, tok.map[1] - 1 + self.line_off
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

    def run(self, out: list[Segment], pos: int, end: int) -> None:
        """Segments of ``content[pos:end]``, text without inline markup: each line's text (spaces and tabs
        before it and one space after it skipped, as the inline parser does), a soft break at its end."""
        content = self.content
        while True:
            nl = content.find("\n", pos, end)
            if nl < 0:
                if pos < end:
                    self.text(out, pos, content[pos:end])
                return
            stop = nl - 1 if nl > pos and content[nl - 1] == " " else nl
            if pos < stop:
                self.text(out, pos, content[pos:stop])
            out.append(("\n", self.src_of(nl), False))
            pos = nl + 1
            while pos < end and content[pos] in " \t":
                pos += 1

    def simple(self, out: list[Segment], alts: list[list[Segment]]) -> bool:
        """Read content made of plain text, ``**strong**``, links and images only, as the inline parser
        would; False (and nothing added) when the content has anything else."""
        content = self.content
        if "  \n" in content:
            return False  # a hard break
        not_text = _NOT_TEXT
        if "](" not in content and not self.reader.env.get("references"):
            not_text = _NOT_TEXT_NO_REFS
        matches = list(_SIMPLE_INLINE.finditer(content))
        pos = 0
        for m in matches:
            if not_text.search(content, pos, m.start()):
                return False
            inner = m.group("strong")
            if inner is not None:
                a, z = m.span()
                before = content[a - 1] if a else " "
                after = content[z] if z < len(content) else " "
                last = inner[-1]
                if before == "*" or after == "*" or last.isspace():
                    return False
                if _PUNCT.match(last) and not _FLANK_OK.match(after):
                    return False  # the closing ** would not be right-flanking
            pos = m.end()
        if not_text.search(content, pos):
            return False
        pos = 0
        for m in matches:
            self.run(out, pos, m.start())
            kind = m.lastgroup
            if kind == "image":
                alt: list[Segment] = []
                self.run(alt, m.start(kind), m.end(kind))
                alts.append(alt)
            else:
                self.run(out, m.start(kind), m.end(kind))
            pos = m.end()
        self.run(out, pos, len(content))
        return True

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
            from markdown_it.helpers import parseLinkDestination, parseLinkTitle

            dest = parseLinkDestination(content, pos, n)
            if dest.ok:
                pos = _SPACE.match(content, dest.pos).end()
                title = parseLinkTitle(content, pos, n)
                if title.ok:
                    pos = _SPACE.match(content, title.pos).end()
            return pos + 1 if pos < n and content[pos] == ")" else pos
        label = _REF_LABEL.match(content, pos)
        return label.end() if label else pos
