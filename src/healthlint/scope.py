"""How far a claim reaches: the engine's reading of a sentence, shared by every rule.

Two things turn a sentence that contains a claim's words into something other than a claim:

* a **frame** in the same clause: a negation that scopes over it ("there is no evidence that"), a
  hedge that genuinely limits it ("a small study suggests", "in some patients"), or an attribution to
  animals or cells ("in mice"). Frames are data: every vocabulary whose name starts with ``frame_``
  (``rules/vocab/frame_*.yaml``). Weak words that qualify nothing ("promising", "revolutionary") are
  deliberately not frames. A rule that must fire even inside such a frame sets ``frames: false``.
  A clause with a negated subject and a verb of proof or promise ("No supplement has been shown to",
  "No clinic can guarantee") is a frame too; that one is structural, so it lives here.
* a **question** that nobody answers: "Can ketamine cure depression?" is not a claim, unless the next
  sentence answers an unqualified "Yes" ("Yes, in some patients" stays qualified). A question that
  presupposes its content asserts it: "Did you know...", "Why wait months when...", "Isn't it amazing
  that..." are claims.
"""

from __future__ import annotations

import regex

FRAME_PREFIX = "frame_"

# Clause breaks: a frame on the other side of one does not reach the claim.
_CLAUSE_BREAK = regex.compile(r"[;:]|\s[-–—]\s|\s--\s|,?\s(?:but|however|whereas|yet|although|though)\b", regex.I)
# A clause whose subject is negated and whose verb is about proof, approval or promising denies the
# claim it contains ("No irisin supplement has been shown to lift mood", "No clinic can guarantee a
# cure"). Not "no other", "no more", "no doubt" and the like, which assert; and not a negated universal
# such as "No patient has ever failed to respond", whose verb is not one of these.
_SUBJECT_NEGATION = regex.compile(
    r"(?:^|(?<=[,;:(]))[\s\W]*(?:no|none of (?:the|these|those|our|its|their|them)|not (?:one|a single)|neither)\s+"
    r"(?!(?:other|more|longer|need|doubt|wonder|matter|question)\b)(?:[\w'-]+\s+){0,4}?"
    r"(?:has|have|had|is|are|was|were|can|could|will|would|does|do|did)\s+(?:ever\s+|yet\s+|been\s+|\w+ly\s+){0,3}"
    r"(?:shown|proven|proved|demonstrated|established|found|approved|cleared|validated|confirmed|guarantee|promise)",
    regex.I,
)
_QUESTION_END = regex.compile(r"\?['\")\]]*$")
# An answer that says yes: "Yes.", "Absolutely!", "The short answer is yes", "It can." (not "It can take weeks").
_AFFIRMATIVE = regex.compile(
    r"[\s\W]*(?:(?:yes|yep|yeah|absolutely|definitely|of course|sure|indeed|certainly)\b|100\s?%"
    r"|the (?:short |simple |honest )?answer is:?\s*(?:a (?:clear|resounding) )?yes\b"
    r"|(?:it|they|ketamine|esketamine) (?:can|does|do|will|really does)(?=\s*(?:[.,!;:]|[-–—]|$)))",
    regex.I,
)
# Questions that presuppose what they ask about, so they assert it: "Did you know ketamine erases
# suicidal thoughts?", "Why wait months when ketamine works in hours?", "Isn't it amazing that...?". A
# negated why-question ("Why aren't reviews proof?") presupposes the accurate, negated form: still a question.
_PRESUPPOSING = regex.compile(
    r"[\s\W]*(?:did you know|do you know|have you heard|are you aware|ever wonder(?:ed)?\b|why(?![^?]*?(?:\bnot\b|n['’]t\b|\bnever\b|\bno\b))"
    r"|isn['’]?t it (?:\w+ )?(?:amazing|incredible|remarkable|wonderful|great|time))\b",
    regex.I,
)


class Scope:
    __slots__ = ("frames",)

    def __init__(self, vocabularies: dict[str, tuple[str, ...]]) -> None:
        names = sorted(n for n in vocabularies if n.startswith(FRAME_PREFIX))
        terms = sorted({t for n in names for t in vocabularies[n]}, key=len, reverse=True)
        self.frames = (
            regex.compile(r"(?<!\w)\L<frames>(?!\w)", regex.I, frames=terms) if terms else None
        )

    def clause(self, text: str, start: int, end: int, at: int) -> tuple[int, int]:
        """The clause of the sentence ``text[start:end]`` that contains offset ``at``."""
        lo, hi = start, end
        for m in _CLAUSE_BREAK.finditer(text, start, end):
            if m.end() <= at:
                lo = m.end()
            elif m.start() >= at:
                hi = m.start()
                break
        return lo, hi

    def framed(self, text: str, start: int, end: int, at: int) -> bool:
        """True when a frame in the clause around ``at`` turns the claim into a non-claim."""
        if self.frames is None:
            lo, hi = self.clause(text, start, end, at)
            return _SUBJECT_NEGATION.search(text, lo, hi) is not None
        lo, hi = self.clause(text, start, end, at)
        return self.frames.search(text, lo, hi) is not None or _SUBJECT_NEGATION.search(text, lo, hi) is not None

    def unanswered_question(self, text: str, starts, ends, k: int) -> bool:
        """True when sentence ``k`` is a question that does not assert its content and the next sentence
        does not answer it with an unqualified yes ("Yes, in some patients" is qualified)."""
        start, end = starts[k], ends[k]
        if not _QUESTION_END.search(text, start, end) or _PRESUPPOSING.match(text, start, end):
            return False
        if k + 1 >= len(starts):
            return True
        a, b = starts[k + 1], ends[k + 1]
        if not _AFFIRMATIVE.match(text, a, b):
            return True
        return self.frames is not None and self.frames.search(text, a, b) is not None
