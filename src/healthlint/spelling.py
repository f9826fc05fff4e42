"""Misspellings corrected before rules run, so a rule written for "suicidal thoughts" also reads
"suicidial thougts", and one written for "isn't" also reads "isnt".

The corrections are data (``corrections:`` in ``rules/vocab/*.yaml``), like codespell's dictionary: only
misspellings that are not words themselves, matched as whole words in any case. Positions of findings
still point at the misspelt text in the source (see :meth:`healthlint.textmodel.Prose.with_edits`).
"""

from __future__ import annotations

from healthlint.prefilter import FoldedWords, lower_in_place
from healthlint.textmodel import Prose


def _same_case(original: str, right: str) -> str:
    if original.isupper() and len(original) > 1:
        return right.upper()
    if original[:1].isupper():
        return right[:1].upper() + right[1:]
    return right


class Respeller:
    """Finds misspellings with one Aho-Corasick pass over the lower-cased text (a regex alternation of
    a few hundred words costs as much as all the rules together on a large document)."""

    __slots__ = ("corrections", "words")

    def __init__(self, corrections: dict[str, str]) -> None:
        self.corrections = corrections
        self.words = FoldedWords(corrections) if corrections else None

    def _edits(self, text: str) -> list[tuple[int, int, str]]:
        """Leftmost-longest whole-word misspellings in ``text``: (start, end, correction)."""
        found = []
        n = len(text)
        for a, b, _ in self.words.find(text):
            if (a == 0 or not _word_char(text[a - 1])) and (b == n or not _word_char(text[b])):
                found.append((a, b))
        found.sort(key=lambda ab: (ab[0], -ab[1]))
        edits, reach = [], 0
        for a, b in found:
            if a >= reach:
                edits.append((a, b, _same_case(text[a:b], self.corrections[lower_in_place(text[a:b])])))
                reach = b
        return edits

    def fix(self, text: str) -> str:
        """``text`` with its misspellings corrected."""
        if self.words is None:
            return text
        out, last = [], 0
        for a, b, right in self._edits(text):
            out += [text[last:a], right]
            last = b
        return "".join(out) + text[last:]

    def apply(self, prose: Prose) -> Prose:
        """``prose`` with its misspellings corrected (the same object when it has none)."""
        if self.words is None:
            return prose
        return prose.with_edits(self._edits(prose.text))


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"
