"""Plain text: paragraphs are separated by blank lines; a line that starts with a list marker, or a
short line with no closing punctuation (a title, a button, a navigation scrap), is a block of its own.

Each block is added to the builder as one source run, line breaks included, so that a sentence wrapped over
several lines reads as one and "er-\\nases" joins.
"""

from __future__ import annotations

import regex

from healthlint.lazyre import compile_lazily
from healthlint.textmodel import Prose, ProseBuilder

_LINE = compile_lazily(r"[^\n]*\n|[^\n]+")
_BULLET = compile_lazily(r"[ \t]*(?:[-*+\u2022\u25aa\u25cf\u2013]|\d{1,3}[.)])[ \t]+")
_ENDS_SENTENCE = compile_lazily(r"[.!?:;,'\")\]]\s*$")


class _Blocks:
    """The block being collected: one source run ``[start, end)`` and how many lines it has."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.b = ProseBuilder()
        self.start = -1
        self.end = 0
        self.lines = 0
        self.kind = "paragraph"

    def open(self, start: int, kind: str) -> None:
        self.start, self.lines, self.kind = start, 0, kind

    def close(self, before_blank: bool) -> None:
        if self.start < 0:
            return
        text = self.source[self.start : self.end]
        kind = self.kind
        # A short single line with no closing punctuation, followed by a blank line or the end, is a
        # title, a button or a navigation scrap: a block of its own that ends any sentence.
        if kind == "paragraph" and self.lines == 1 and before_blank and len(text) < 100:
            if not _ENDS_SENTENCE.search(text):
                kind = "heading"
        self.b.add(text, self.start)
        self.b.end_block(kind)
        self.start = -1


def read(source: str) -> Prose:
    blocks = _Blocks(source)
    for m in _LINE.finditer(source):
        pos = m.start()
        body = m.group().rstrip("\r\n")
        if not body.strip():
            blocks.close(before_blank=True)
            continue
        bullet = _BULLET.match(body)
        if bullet:
            blocks.close(before_blank=False)
            blocks.open(pos + bullet.end(), "list")
        elif blocks.start < 0:
            blocks.open(pos, "paragraph")
        blocks.end = pos + len(body)
        blocks.lines += 1
    blocks.close(before_blank=True)
    return blocks.b.build()
