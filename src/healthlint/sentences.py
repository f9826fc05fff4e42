"""Split normalised prose into sentences, keeping offsets.

A sentence ends at ``.``, ``!``, ``?`` (or a run of them, with closing quotes and brackets) followed by a
space and something that can start a sentence, and always at a block end. Abbreviations ("Dr.", "e.g.",
"U.S.", "vs.") and initials do not end a sentence.

A list written on one line is split into its items, as if each stood on a line of its own: "We treat: -
depression - PTSD - OCD" (a colon, then hyphen- or bullet-led items) and "Benefits - no side effects - works
in hours" (a label of at most three words, then two or more spaced hyphens or bullets). Normalisation has
made every dash a hyphen by then, so a single spaced hyphen ("It works fast - within hours"), a pair around
an aside ("Ketamine - a dissociative anaesthetic - works fast", "Say goodbye to depression - for good - with
..."), one item after a colon ("Our promise: - results"), a range ("10 - 15") and hyphenated words do not
split.
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
# Inline list items: a spaced hyphen or bullet between two words, and a colon that opens such a list.
_ITEM_SEP = compile_lazily(r"(?<=\S) [-•] (?=\S)")
_LIST_OPENER = compile_lazily(r"(?<=:) ?[-•] (?=\S)|(?<=:)[-•] (?=\S)")
# Without a colon, a list opens with a label ("Benefits - ...", "Why choose us - ..."), not a clause: a longer first
# part is a sentence with dashes around an aside ("Say goodbye to the fog of depression - for good - with ...").
LABEL_WORDS = 3
_LABEL_WORD = compile_lazily(r"\w[\w'’-]*")
# What opens an aside between two dashes rather than a list item: "Ketamine - a dissociative anaesthetic - ..."
_ASIDE = compile_lazily(r"(?:a|an|the|which|who|whose|that|and|or|but|not|especially|even|like|including|such|also|often|usually|i\.e|e\.g)\b", regex.I)


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
    if text.find("- ", block.start, end) >= 0 or text.find("\u2022", block.start, end) >= 0:
        spans = [item for s, e in spans for item in _list_items(text, s, e)]
    return spans


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a list written inside the sentence ``text[start:end]``, or the sentence itself."""
    opener = _LIST_OPENER.search(text, start, end)
    cuts = [
        m.span() for m in _ITEM_SEP.finditer(text, opener.end() if opener else start, end)
        if not (text[m.start() - 1].isdigit() and text[m.end()].isdigit())  # a range: "10 - 15"
    ]
    if opener is not None:
        if not cuts:
            return [(start, end)]  # one item is no list: "Our promise: - results"
        cuts.insert(0, (opener.start(), opener.end()))
    elif (
        len(cuts) < 2
        or len(_LABEL_WORD.findall(text, start, cuts[0][0])) > LABEL_WORDS
        or (len(cuts) == 2 and _ASIDE.match(text, cuts[0][1], cuts[1][0]))
    ):
        return [(start, end)]
    items, at = [], start
    for a, b in cuts:
        if a > at:
            items.append((at, a))
        at = b
    if at < end:
        items.append((at, end))
    return items
