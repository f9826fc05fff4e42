"""Pieces shared by the structured readers: source line starts and the comments they expose."""

from __future__ import annotations

from array import array
from typing import NamedTuple

import regex

from healthlint.textmodel import Prose

_NEWLINE = regex.compile(r"\n")


class Comment(NamedTuple):
    """An HTML comment (``<!-- ... -->``) kept for inline directives such as ``healthlint-disable``."""

    line: int  # 1-based line of the ``<!--``
    offset: int  # source offset of the ``<!--``
    text: str  # the comment's inner text, stripped


class Document(NamedTuple):
    """What a structured reader found: the prose and the comments (outside code and scripts)."""

    prose: Prose
    comments: list[Comment]


def line_starts(text: str) -> array:
    """Offsets at which each line of ``text`` starts (lines end at ``\\n``, as in LineIndex)."""
    starts = array("q", [0])
    starts.extend(m.end() for m in _NEWLINE.finditer(text))
    return starts


def line_end(text: str, starts: array, line: int) -> int:
    """Offset just past the text of 0-based ``line``, before its ``\\r\\n`` or ``\\n``."""
    end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
    if end > starts[line] and text[end - 1] == "\r":
        end -= 1
    return end
