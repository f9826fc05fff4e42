"""Misspellings corrected before rules run, so a rule written for "suicidal thoughts" also reads
"suicidial thougts", and one written for "isn't" also reads "isnt".

The corrections are data (``corrections:`` in ``rules/vocab/*.yaml``), like codespell's dictionary: only
misspellings that are not words themselves, matched as whole words in any case. Positions of findings
still point at the misspelt text in the source (see :meth:`healthlint.textmodel.Prose.with_edits`).
"""

from __future__ import annotations

import regex

from healthlint.textmodel import Prose


def _same_case(original: str, right: str) -> str:
    if original.isupper() and len(original) > 1:
        return right.upper()
    if original[:1].isupper():
        return right[:1].upper() + right[1:]
    return right


class Respeller:
    __slots__ = ("corrections", "pattern")

    def __init__(self, corrections: dict[str, str]) -> None:
        self.corrections = corrections
        self.pattern = (
            regex.compile(r"(?<!\w)\L<wrong>(?!\w)", regex.IGNORECASE, wrong=sorted(corrections, key=len, reverse=True))
            if corrections else None
        )

    def _edits(self, text: str) -> list[tuple[int, int, str]]:
        fixes = self.corrections
        return [(m.start(), m.end(), _same_case(m.group(), fixes[m.group().lower()])) for m in self.pattern.finditer(text)]

    def fix(self, text: str) -> str:
        """``text`` with its misspellings corrected."""
        if self.pattern is None:
            return text
        out, last = [], 0
        for a, b, right in self._edits(text):
            out += [text[last:a], right]
            last = b
        return "".join(out) + text[last:]

    def apply(self, prose: Prose) -> Prose:
        """``prose`` with its misspellings corrected (the same object when it has none)."""
        if self.pattern is None:
            return prose
        return prose.with_edits(self._edits(prose.text))
