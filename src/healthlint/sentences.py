"""Split normalised prose into sentences, keeping offsets.

A sentence ends at ``.``, ``!``, ``?`` (or a run of them, with closing quotes and brackets) followed by a
space and something that can start a sentence, and always at a block end. Abbreviations ("Dr.", "e.g.",
"U.S.", "vs.") and initials do not end a sentence.
"""

from __future__ import annotations

import regex

from healthlint.lazyre import compile_lazily
from healthlint.textmodel import Block

# Lower-cased tokens that end in a period without ending the sentence.
ABBREVIATIONS = frozenset(
    """
    dr mr mrs ms prof sr jr st mt vs etc e.g eg i.e ie cf al approx appt dept est fig figs inc ltd co corp
    no nos vol p pp ed eds u.s u.k u.n e.u a.m p.m ph.d m.d d.o r.n n.p b.s m.s jan feb mar apr jun jul aug
    sep sept oct nov dec mon tue wed thu fri sat sun min max mg mcg ml kg lb lbs oz hr hrs wk wks mo yr yrs
    ca viz resp incl dist govt univ assn
    """.split()
)

# Candidate ends: terminal punctuation, optional closing quotes/brackets, then a space.
_END = compile_lazily(r"[.!?]+['\")\]]*(?= )")
# What may start the next sentence: a capital, digit, quote, bracket, or bullet-ish symbol.
_STARTER = compile_lazily(r" +(?=[\p{Lu}\p{N}'\"(\[\-*#\p{So}])")
_DOTTED_ACRONYM = compile_lazily(r"(?:\p{L}\.)+\p{L}")


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial."""
    if text[dot] != ".":
        return False
    j = dot
    while j > start and not text[j - 1].isspace() and text[j - 1] not in "([\"'":
        j -= 1
    token = text[j:dot].lower()
    if not token:
        return False
    if token in ABBREVIATIONS:
        return True
    # Single initials ("J. Smith") and dotted acronyms ("U.S.A.")
    if len(token) == 1 and token.isalpha():
        return True
    return _DOTTED_ACRONYM.fullmatch(token) is not None


def split_block(text: str, block: Block) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` inside ``block`` of ``text``."""
    spans: list[tuple[int, int]] = []
    start = block.start
    end = block.end
    for m in _END.finditer(text, start, end):
        cut = m.end()
        if not _STARTER.match(text, cut, end):
            continue
        if m.group()[0] == "." and len(m.group().rstrip("'\")]")) == 1 and _is_abbreviation(text, start, m.start()):
            continue
        if cut > start:
            spans.append((start, cut))
        start = cut + 1
        while start < end and text[start] == " ":
            start += 1
    if start < end:
        spans.append((start, end))
    return spans
