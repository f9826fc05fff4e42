"""Plain text: paragraphs are separated by blank lines; a line that starts with a list marker, or a
short line with no closing punctuation (a title, a button, a navigation scrap), is a block of its own."""

from __future__ import annotations

import regex

from healthlint.textmodel import Prose, ProseBuilder

_LINE = regex.compile(r"[^\n]*\n?")
_BULLET = regex.compile(r"[ \t]*(?:[-*+\u2022\u25aa\u25cf\u2013]|\d{1,3}[.)])[ \t]+")
_ENDS_SENTENCE = regex.compile(r"[.!?:;,'\")\]]\s*$")


def read(source: str) -> Prose:
    b = ProseBuilder()
    pos = 0
    n = len(source)
    in_block = False
    while pos < n:
        m = _LINE.match(source, pos)
        line = m.group()
        end = m.end()
        body = line.rstrip("\r\n")
        if not body.strip():
            if in_block:
                b.end_block("paragraph")
                in_block = False
        else:
            bullet = _BULLET.match(body)
            if bullet:
                if in_block:
                    b.end_block("paragraph")
                b.add(body[bullet.end():], pos + bullet.end())
                in_block = True
                kind_break = False
            else:
                first = not in_block
                b.add(line if end < n else body, pos)
                in_block = True
                # A short first line with no closing punctuation, followed by a blank line or the end,
                # is a title, a button or a navigation scrap: a block of its own.
                nxt = _LINE.match(source, end).group() if end < n else ""
                kind_break = (
                    first and len(body) < 100 and not _ENDS_SENTENCE.search(body) and not nxt.strip()
                )
            if kind_break:
                b.end_block("heading")
                in_block = False
        pos = end if end > pos else n
    if in_block:
        b.end_block("paragraph")
    return b.build()
