"""HTML, read with the standard library's tolerant ``html.parser`` (positions from ``getpos()``).

Prose: visible text; ``<title>``; the ``content`` of ``<meta name="description">``, ``og:description``
and ``twitter:description``; image ``alt`` text (each of these a block of its own). Skipped: ``script``,
``style``, ``noscript``, ``template``, ``svg``, ``math``, ``code`` and ``pre`` contents, elements with a
``hidden`` attribute, ``aria-hidden="true"`` or an inline style with ``display:none`` or
``visibility:hidden``, and comments (returned by :func:`comments` for inline directives). Block elements
end blocks, inline ones do not (``<b>er</b>ases`` reads "erases"). Entities are decoded and map to their
``&``. Limitation: a hidden or skipped element whose end tag is implied rather than written (``<p hidden>``
followed by ``<p>``) hides everything up to the next explicit end tag of that name.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from html import unescape
from html.parser import HTMLParser

import regex

from healthlint.lazyre import compile_lazily
from healthlint.readers._common import Comment, Document, line_starts
from healthlint.textmodel import Prose, ProseBuilder

#: block element -> kind of the blocks inside it
BLOCK_KINDS: dict[str, str] = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    **dict.fromkeys(("li", "dd", "dt"), "list"),
    **dict.fromkeys(("td", "th", "caption"), "table"),
    "blockquote": "quote",
    "title": "title",
    **dict.fromkeys(
        (
            "address article aside body br center details dialog div dl fieldset figcaption figure footer form "
            "head header hgroup hr html legend main menu nav ol optgroup option p section select summary table "
            "tbody textarea tfoot thead tr ul"
        ).split(),
        "paragraph",
    ),
}
SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "code", "pre"})
#: meta name/property values whose content is prose
META_FIELDS = frozenset({"description", "og:description", "twitter:description"})
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_INVISIBLE_STYLE = compile_lazily(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)
_ATTR = compile_lazily(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_CHARREF = compile_lazily(r"&(?:#[xX][0-9A-Fa-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")

Segments = list[tuple[str, int, bool]]


def parse(source: str) -> Document:
    """The prose of an HTML document and its comments."""
    b = ProseBuilder()
    found = feed(b, source, 0, len(source), line_starts(source))
    return Document(b.build(), found)


def read(source: str) -> Prose:
    return parse(source).prose


def comments(source: str) -> list[Comment]:
    """HTML comments with their 1-based source lines, for ``<!-- healthlint-disable ... -->`` directives."""
    return parse(source).comments


def feed(b: ProseBuilder, source: str, start: int, end: int, starts: array | None = None) -> list[Comment]:
    """Add the prose of the HTML in ``source[start:end]`` to ``b``; return its comments. ``starts`` are the
    line starts of ``source`` when the caller has them."""
    walker = _Walker(b, source, start, starts if starts is not None else line_starts(source))
    walker.feed(source[start:end])
    walker.close()
    walker.boundary()
    return walker.comments


class _Walker(HTMLParser):
    def __init__(self, b: ProseBuilder, source: str, start: int, starts: array) -> None:
        super().__init__(convert_charrefs=False)
        self.b, self.source, self.starts = b, source, starts
        self.first_line = _line_of(starts, start) - 1  # 0-based line of the fragment's first line
        self.first_column = start - starts[self.first_line]  # where the fragment starts on that line
        self.cursor = start  # end of the last text located
        self.comments: list[Comment] = []
        self.skip_tag = ""
        self.skip_depth = 0
        self.open: list[tuple[str, str]] = []  # open block elements: (tag, kind)
        self.pending: list[tuple[Segments, str]] = []  # alt/meta blocks, added after the current block

    def here(self) -> int:
        line, col = self.getpos()
        return self.starts[self.first_line + line - 1] + col + (self.first_column if line == 1 else 0)

    def boundary(self) -> None:
        b = self.b
        b.end_block(self.open[-1][1] if self.open else "paragraph")
        for segments, kind in self.pending:
            for s, src, verbatim in segments:
                b.add(s, src, verbatim)
            b.end_block(kind)
        self.pending.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_depth:
            self.skip_depth += tag == self.skip_tag
            return
        if tag in SKIPPED or _hidden(attrs):
            if tag not in _VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        kind = BLOCK_KINDS.get(tag)
        if kind:
            self.boundary()
            if tag not in _VOID:
                self.open.append((tag, kind))
        if tag == "img":
            self.attribute_block("alt", "alt")
        elif tag == "meta":
            names = {(v or "").lower() for k, v in attrs if k in ("name", "property")}
            if names & META_FIELDS:
                self.attribute_block("content", "meta")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            self.skip_depth -= tag == self.skip_tag
            return
        if tag in BLOCK_KINDS:
            self.boundary()
            for i in range(len(self.open) - 1, -1, -1):
                if self.open[i][0] == tag:
                    del self.open[i:]
                    break

    def locate(self, raw: str) -> int:
        """Source offset of ``raw``, the text of the current event, or -1. ``getpos()`` can be off after
        the parser's error recovery (an unclosed ``<!--`` at the end, say): then search forward from the
        last event instead; text the parser made up (it may repeat a malformed declaration) is dropped."""
        here = self.here()
        if not self.source.startswith(raw, here):
            here = self.source.find(raw, self.cursor)
            if here < 0:
                return -1
        self.cursor = here + len(raw)
        return here

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            here = self.locate(data)
            if here >= 0:
                self.b.add(data, here)

    def handle_entityref(self, name: str) -> None:
        self.reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self.reference("&#" + name)

    def reference(self, ref: str) -> None:
        if self.skip_depth:
            return
        here = self.locate(ref)
        if here < 0:
            return
        decoded = unescape(ref + ";")
        if decoded == ref + ";":  # unknown entity: literal text, with its ';' if it has one
            self.b.add(ref + ";" if self.source.startswith(";", here + len(ref)) else ref, here)
        else:
            self.b.add(decoded, here, verbatim=False)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:  # Python < 3.13 asserts on a malformed "<![": skip it like a browser would
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def handle_comment(self, data: str) -> None:
        offset = self.locate("<!--" + data)
        if offset >= 0:
            self.comments.append(Comment(_line_of(self.starts, offset), offset, data.strip()))

    def attribute_block(self, name: str, kind: str) -> None:
        """Queue the value of attribute ``name`` of the current start tag as a block of ``kind``."""
        raw = self.get_starttag_text() or ""
        base = self.locate(raw)
        if base < 0:
            return
        head = regex.match(r"<[^\s/>]+", raw)
        for m in _ATTR.finditer(raw, head.end() if head else 0):
            if m.group(1).lower() != name:
                continue
            g = next((g for g in (2, 3, 4) if m.start(g) >= 0), 0)
            if g:
                self.pending.append((_decoded(m.group(g), base + m.start(g)), kind))
            return


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for k, v in attrs:
        if k == "hidden" or (k == "aria-hidden" and (v or "").strip().lower() == "true"):
            return True
        if k == "style" and v and _INVISIBLE_STYLE.search(v):
            return True
    return False


def _decoded(raw: str, src: int) -> Segments:
    """Segments of an attribute value: literal runs verbatim, character references decoded."""
    out: Segments = []
    pos = 0
    for m in _CHARREF.finditer(raw):
        decoded = unescape(m.group())
        if decoded != m.group():
            out.append((raw[pos : m.start()], src + pos, True))
            out.append((decoded, src + m.start(), False))
            pos = m.end()
    out.append((raw[pos:], src + pos, True))
    return out


def _line_of(starts: array, offset: int) -> int:
    """1-based line of ``offset``."""
    return bisect_right(starts, offset)
