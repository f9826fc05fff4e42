"""How far a claim reaches: the engine's reading of a sentence, shared by every rule.

Two things turn a sentence that contains a claim's words into something other than a claim:

* a **frame** in the same clause: a negation that scopes over it ("there is no evidence that"), a
  hedge that genuinely limits it ("a small study suggests", "in some patients"), or an attribution to
  animals or cells ("in mice"). Frames are data: every vocabulary whose name starts with ``frame_``
  (``rules/vocab/frame_*.yaml``). Weak words that qualify nothing ("promising", "revolutionary") are
  deliberately not frames. A rule that must fire even inside such a frame sets ``frames: false``.
  A clause with a negated subject and a verb of proof or promise ("No supplement has been shown to",
  "No clinic can guarantee") is a frame too; that one is structural, so it lives here.
* a rule's **negation exception** (an exception whose match opens with "not", "doesn't", "there is no"...)
  only where the negation reaches the claim: not when the rule's own pattern needs it ("your anxiety
  won't come back"), not in a double negative ("no one we can't help"), not before the claim across a
  contrast ("It isn't cheap, but..."), not inside an adverbial clause the claim is not in ("When other
  drugs don't work, ..."). See :meth:`Scope.negation_reaches`.
* a **question** that nobody answers: "Can ketamine cure depression?" is not a claim, unless the next
  sentence answers an unqualified "Yes" ("Yes, in some patients" stays qualified). A question that
  presupposes its content asserts it: "Did you know...", "Why wait months when...", "Isn't it amazing
  that..." are claims.
"""

from __future__ import annotations

import regex

from healthlint.lazyre import compile_lazily

__all__ = ["COMPLEMENTIZERS", "Scope", "negation_cue"]

FRAME_PREFIX = "frame_"

# Clause breaks: a frame on the other side of one does not reach the claim.
_CLAUSE_BREAK = compile_lazily(r"[;:]|\s[-–—]\s|\s--\s|,?\s(?:but|however|whereas|yet|although|though)\b", regex.I)
# A concessive clause fronted at the start of a sentence ends at its first comma: "While sceptics scoff,
# psilocybin is the discovery of the century" makes the claim whoever scoffs; a frame in the concession
# does not reach the main clause (nor one in the main clause the concession).
_CONCESSION = compile_lazily(r"\W{0,3}(?:while|whilst|although|though|even though|whereas|even if)\s[^,;:.!?]{3,100}?,", regex.I)
# A clause whose subject is negated and whose verb is about proof, approval, promising or curing denies
# the claim it contains ("No irisin supplement has been shown to lift mood", "No clinic can guarantee a
# cure", "None of the trials shows a lasting cure", "No treatment works for everyone", "and neither one
# works for every patient", "Nothing in this shop cures depression"). It opens the clause (``\G``: where
# the search starts). Not "no other", "no more", "no doubt" and the like, which assert; not a negated
# universal such as "No patient has ever failed to respond", whose verb is not one of these; and not a
# comparison ("Nothing on the market cures anxiety like this").
_SUBJECT_NEGATION = compile_lazily(
    r"(?:\G|(?<=[,;:(]))[\s\W]*(?:(?:and|but|yet|so)\s+)?"
    r"(?:no|none of (?:the|these|those|our|its|their|them)|not (?:one|a single)|neither|nothing(?=\s+(?:in|on|from|at|we)\b))\s+"
    r"(?!(?:other|more|longer|need|doubt|wonder|matter|question|else)\b)"
    r"(?:"
    # "No clinic, ours included, can be FDA-approved", "none of them is a guaranteed cure"
    r"(?:(?!(?:and|but|yet|then|plus|it|it['’]s|we|you|they)\b)[\w'-]+,?\s+){0,8}?"
    r"(?:has|have|had|is|are|was|were|can|could|will|would|does|do|did)\s+"
    r"(?:(?:ever|yet|been|be|\w+ly|an?|the|FDA)[\s-]+){0,3}"
    r"(?:shown|proven|proved|demonstrated|established|found|approved|cleared|validated|confirmed|guarantee|promise|cure)"
    # "None of the trials published so far shows a lasting cure"
    r"|(?:(?!(?:and|but|yet|then|plus|it|it['’]s|we|you|they)\b)[\w'-]+\s+){0,8}?"
    r"(?:shows?|proves?|demonstrates?|establishes|confirms?|guarantees?|promises?|cures?"
    r"|works?\s+for\s+(?:every(?:one|body)|all\b|every\s+\w+))\b"
    r")"
    # ... but not a comparison, which asserts: "nothing on the market cures anxiety like this"
    r"(?![^,.;:!?]*\b(?:like|than|as (?:fast|well|quickly|effectively))\b)",
    regex.I,
)
# A negation right before the claim, with at most a few adverbs or a copula between, denies it: "ketamine
# cannot rapidly lift bipolar depression", "BDNF is not basically Miracle-Gro", "it will not be a cure".
# Not "not only/just/merely" (which add to a claim), "why not", "if not" ("eased, if not erased"),
# "never before/again" (which assert), nor "no longer", whose claims are what the rule matches.
_NEGATED_BEFORE = compile_lazily(
    r"(?:(?<!\b(?:why|if|or)\s)\b(?:not|never)|\bcannot|\w+n['’]t)"
    r"(?!\s+(?:only|just|merely|simply|solely|to\s+mention|least|before|again|once|since|until)\b)"
    r"(?:\s+(?:\w+ly|be|been|ever|yet|even|always|really|actually|necessarily|quite|so|that|as|a|an|the|any|same|to\s+be)){0,3}"
    r"\s+$",
    regex.I,
)
# Frames (and exceptions) that open an embedded question, and where that question ends.
COMPLEMENTIZERS = frozenset({"whether", "whether or not"})
_COMPLEMENT_END = compile_lazily(r"[,;:]|\s[-–—]\s|\s(?:and|so|because|but|while|then)\b|\sor\b(?!\s+not\b)", regex.I)
_QUESTION_END = compile_lazily(r"\?['\")\]]*$")
# A statement closed by a tag question still states its claim: "Exercise is the only antidepressant with zero
# side effects, so what are you waiting for?", "It works in hours - why wait?", "It works, right?", and the
# rhetorical challenges "- if that isn't proof, what is?", "What more proof do you need?"
_TAG_QUESTION = compile_lazily(
    r"(?:[,;:]|\s-)\s*(?:(?:so|and|then|now)\s+)?(?:what\s+are\s+you\s+waiting\s+for|why\s+wait(?:\s+any\s+longer|\s+(?:for|on|around|until)\s[^?,;]{1,40})?"
    r"|what(?:'s|\s+is)\s+stopping\s+you|why\s+not\s+(?:try|book|start|give)\b[^?,;]{0,40}|right|isn't\s+it|doesn't\s+it"
    r"|don't\s+you\s+think|who\s+knew"
    r"|if\s+(?:that|this|those|these|it)\s+(?:isn't|is\s+not|aren't|are\s+not|ain't)\s+(?:\w+\s+)?(?:proof|evidence),?\s+(?:then\s+)?what\s+is"
    r"|what\s+(?:more|other|further|better)\s+(?:proof|evidence)\s+(?:do|could|would)\s+you\s+(?:possibly\s+)?(?:need|want|ask\s+for))"
    r"\s*\?+['\")\]]*$",
    regex.I,
)
# A label that presents the quotation after it as someone else's claim under examination, at the start of
# a sentence or heading: 'Myth: "Ketamine cures depression"', 'Claim 3: "Rapid, permanent relief"',
# 'Red flag: "guaranteed results"'. Not a bare "Claim:" or "Our promise:", which a page uses for its own.
_CRITICAL_LABEL = compile_lazily(
    r"(?:myths?|misconceptions?|red\s+flags?|claim\s*(?:#|no\.?\s*)?\d{1,2}"
    r"|(?:the|common|marketing|ad|advert|clinic)\s+claims?|the\s+(?:sales\s+)?(?:pitch|hype)"
    r"|what\s+(?:the\s+)?(?:ads|adverts|clinics|marketers|websites|sellers|influencers)\s+(?:say|claim|promise))"
    r"\s*(?::|\s-)\s*\"",
    regex.I,
)
# The same label for a myth without quotation marks, as a myth-and-fact page writes it: "MYTH: Ketamine
# erases suicidal thoughts. FACT: ...", "Common myth #2 - ketamine rewires your brain". The myth is read up to
# the first contrast or clause break ("Myth: it's a party drug, but it erases..." still claims the rest).
_MYTH_LABEL = compile_lazily(
    r"\W*(?:(?:common|popular|biggest|big|another|the)\s+)?(?:myths?|misconceptions?)(?:\s*(?:#|no\.?\s*)?\d{1,2})?"
    r"\s*(?::|\s[-–—])\s*(?![\s\"])",
    regex.I,
)
_MYTH_END = compile_lazily(r"[;:]|\s[-–—]\s|,?\s(?:but|whereas|although|though|yet)\b|,\s*however\b", regex.I)
# A transcript's speaker label before a question or its answer ("Q: Is it safe? A: Yes."): read past it.
_SPEAKER = compile_lazily(r"\s*(?:q|question|a|answer)\s?:\s*", regex.I)


def past_speaker(text: str, start: int, end: int) -> int:
    """``start``, or the end of a speaker label ("Q:", "Answer:") that opens ``text[start:end]``."""
    m = _SPEAKER.match(text, start, end)
    return m.end() if m is not None else start


# An answer that says yes: "Yes.", "Absolutely!", "The short answer is yes", "It can." (not "It can take weeks",
# nor "Of course not.", "Absolutely not").
_AFFIRMATIVE = compile_lazily(
    r"[\s\W]*(?:(?:yes|yep|yeah|absolutely|definitely|of course|sure|indeed|certainly)\b(?!\W{0,3}not\b)|100\s?%"
    r"|the (?:short |simple |honest )?answer is:?\s*(?:a (?:clear|resounding) )?yes\b"
    r"|(?:it|they|ketamine|esketamine) (?:can|does|do|will|really does)(?=\s*(?:[.,!;:]|[-–—]|$)))",
    regex.I,
)
# Questions that presuppose what they ask about, so they assert it: "Did you know ketamine erases
# suicidal thoughts?", "Why wait months when ketamine works in hours?", "Isn't it amazing that...?". A
# negated why-question ("Why aren't reviews proof?") presupposes the accurate, negated form: still a question.
# So do the questions an advert asks its reader: "Ready to leave depression behind for good?", "Want to
# erase suicidal thoughts in an afternoon?", "What if one infusion could...?", "Who needs a trial when...?",
# "Who wouldn't want a cure that...?" (not "Want to know whether...?", "Ready to find out if...?").
_PRESUPPOSING = compile_lazily(
    r"[\s\W]*(?:did you know|do you know|have you heard|are you aware|ever wonder(?:ed)?\b|why(?![^?]*?(?:\bnot\b|n['’]t\b|\bnever\b|\bno\b))"
    r"|isn['’]?t it (?:\w+ )?(?:amazing|incredible|remarkable|wonderful|great|time)"
    r"|(?:(?:are\s+you|feeling|finally|so)\s+)?ready\s+to|(?:(?:do\s+)?you\s+)?want\s+to"
    r"|what\s+if\s+(?:you|one|a\s+single|just|your|we|this|our|ketamine|esketamine)"
    r"|who\s+needs|who\s+(?:wouldn['’]t|would\s+not)\s+(?:want|love|choose))\b"
    r"(?!\s+(?:know|learn|find\s+out|ask|talk|understand|see\s+(?:if|whether)|check|explore|hear|discuss|read|be\s+sure))",
    regex.I,
)


# Idioms that look negated or critical but assert what follows: "I'm not exaggerating when I say...", "no
# doubt", "there's no denying that", "make no mistake", "no wonder", "nothing short of", "not only". A rule
# exception or a frame that matches inside one denies nothing.
_AFFIRMING = compile_lazily(
    r"\b(?:(?:not|n't|never)\s+(?:even\s+|just\s+)?(?:exaggerating|exaggerate|overstating|overstate|kidding|joking|lying)"
    r"|(?:no|without|not an?|isn't an?)\s+(?:\w+\s+)?(?:exaggeration|overstatement|hyperbole|kidding)"
    r"|(?:no|without(?:\s+a(?:ny)?)?|beyond(?:\s+a(?:ny)?)?)\s+(?:shadow\s+of\s+a\s+)?doubt"
    r"|there\s*(?:is|'s|was)\s+no\s+(?:denying|disputing|doubting|arguing\s+with|question|doubt)"
    r"|no\s+question\s+about\s+it|make\s+no\s+mistake|no\s+two\s+ways\s+about\s+it"
    r"|(?:it's|it\s+is|it\s+was|small|little)\s+(?:no|not\s+a)\s+(?:wonder|surprise|secret|coincidence)"
    r"|no\s+wonder|nothing\s+(?:short|less)\s+(?:of|than)|none\s+other\s+than|not\s+only"
    # "not just/merely" adds to a claim the sentence goes on to make ("not just eases it, it ends it"), but
    # denies in "the urges are not just gone"
    r"|not\s+(?:just|merely)\b(?=[^.;!?]{1,80}?(?:,|\bbut\b))"
    r"|(?:can(?:not|'t)|couldn't|won't)\s+(?:quite\s+)?(?:believe|deny|argue\s+with|stop\s+(?:smiling|raving|talking))"
    r"|no\s+ifs,?\s+(?:ands\s+)?(?:or\s+)?buts)\b",
    regex.I,
)


# A rule exception that opens with a negation ("not", "doesn't", "there is no", "has not been") denies the
# claim only when that negation reaches it (see ``Scope.negation_reaches``). ``cue`` is the negation word.
_NEGATION_OPENING = compile_lazily(
    r"[^\w]*(?:there\s+(?:is|are|was|were|['’]s)\s+|(?:is|are|was|were|do|does|did|has|have|had|can|could|will|"
    r"would|should|may|might|must)\s+)?(?P<cue>(?:not|no|never|nobody|none|nothing|nor|neither|cannot)\b|\w+n['’]t\b)",
    regex.I,
)
# A negation in a clause before the claim's, across a contrast, does not reach it: "It isn't cheap, but it
# works", "No lab tests, however, just results". (A negation after the claim qualifies it: "It works, but
# not for everyone".)
_CONTRAST = compile_lazily(r",?\s(?:but|whereas|although|though)\b|[,;]\s*(?:however|yet)\b", regex.I)
# A negative imperative that opens the sentence and ends at a colon or dash urges, it does not deny: "Don't
# wait: ketamine works in hours".
_IMPERATIVE = compile_lazily(r"[^\w]*(?:don['’]t|do\s+not|never)\s+[^:;–—]*?(?::|\s[-–—]\s|\s--\s)", regex.I)
# Adverbial clauses. A negation inside one does not reach a claim outside it: "When antidepressants don't
# work, ketamine cures depression", "It cures depression even if other drugs did not help". (Not relative
# clauses: "results for people whose pills have not let them down" limits what the claim is about.)
_SUBORDINATE_BEFORE = compile_lazily(
    r"\b(?:when|whenever|if|unless|until|because|since|after|before|once(?! and for all)|even if|even though|as long as"
    r"|although|though|while|whereas)\b",
    regex.I,
)
_SUBORDINATE_AFTER = compile_lazily(
    r"\b(?:when|whenever|if|unless|until|because|since|after|before|once(?! and for all)|even if|as long as|so that)\b",
    regex.I,
)
_ADVERBIAL_END = compile_lazily(r",|[;:]|\s[-–—]\s")
# Two negations in one clause cancel: "There is no one we can't help", "Nothing it cannot fix", "Not a
# single client who didn't improve" assert what a plain sentence would.
_DOUBLE_NEGATION = compile_lazily(
    r"\b(?P<a>no\s+one|nobody|nothing|none|not\s+(?:one|a\s+single)|never|no\s+(?:\w+\s+)?(?:patients?|clients?|"
    r"people|persons?|cases?|conditions?|symptoms?|problems?|challenges?|issues?|disorders?|illness(?:es)?|diseases?|"
    r"situations?|types?|kinds?|forms?|one))\b"
    r"(?:(?!\b(?:but|however|although|though|yet|evidence|proof)\b)[^,;:.!?]){1,40}?"
    r"\b(?P<b>can(?:not|['’]t)|couldn['’]t|won['’]t|wouldn['’]t|doesn['’]t|don['’]t|didn['’]t|isn['’]t|aren['’]t"
    r"|wasn['’]t|weren['’]t|hasn['’]t|haven['’]t|hadn['’]t|fails?\s+to|failed\s+to)\b",
    regex.I,
)


def negation_cue(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The negation word that opens ``text[start:end]`` (an exception's match), or None."""
    m = _NEGATION_OPENING.match(text, start, end)
    return m.span("cue") if m else None


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
        fronted = _CONCESSION.match(text, start, end)
        if fronted is not None:
            if fronted.end() <= at:
                lo = fronted.end()
            else:
                hi = fronted.end() - 1
        for m in _CLAUSE_BREAK.finditer(text, lo, hi):
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
        if self.negated_before(text, lo, at):
            return True
        for m in self.frames.finditer(text, lo, hi):
            if self.affirming(text, lo, hi, m.start()):
                continue
            if m.group().lower() not in COMPLEMENTIZERS or self.in_complement(text, m.end(), hi, at):
                return True
        return _SUBJECT_NEGATION.search(text, lo, hi) is not None

    @staticmethod
    def affirming(text: str, start: int, end: int, at: int) -> bool:
        """True when offset ``at`` of sentence ``text[start:end]`` lies inside an idiom that asserts what
        follows although it reads as a negation or a critique (see ``_AFFIRMING``)."""
        return any(m.start() <= at < m.end() for m in _AFFIRMING.finditer(text, start, end))

    @staticmethod
    def negated_before(text: str, lo: int, at: int) -> bool:
        """True when the claim at ``at`` follows a negation that denies it (see ``_NEGATED_BEFORE``);
        ``lo`` is where its clause starts. A negation that cancels against an earlier one ("no one we
        can't help") asserts the claim instead."""
        m = _NEGATED_BEFORE.search(text, max(lo, at - 80), at)
        if m is None:
            return False
        return all(d.start("b") != m.start() for d in _DOUBLE_NEGATION.finditer(text, lo, at))

    @staticmethod
    def quoted_under_label(text: str, start: int, end: int, at: int) -> bool:
        """True when sentence ``text[start:end]`` opens with a critical label and a quotation (see
        ``_CRITICAL_LABEL``) that holds offset ``at``, or with a myth label whose unquoted myth holds it
        (see ``_MYTH_LABEL``): the claim is quoted to be examined, not made."""
        m = _CRITICAL_LABEL.match(text, start, end)
        if m is None:
            m = _MYTH_LABEL.match(text, start, end)
            if m is None:
                return False
            close = _MYTH_END.search(text, m.end(), end)
            return m.end() <= at < (end if close is None else close.start())
        close = text.find('"', m.end(), end)
        return m.end() <= at < (end if close < 0 else close)

    @staticmethod
    def in_complement(text: str, after: int, hi: int, at: int) -> bool:
        """True when offset ``at`` lies in the embedded question that a "whether" ending at ``after`` opens.
        "We explain whether ketamine works" frames the claim; "We tell you whether it works, and ketamine
        erases..." and "It works, whether or not..." do not."""
        close = _COMPLEMENT_END.search(text, after, hi)
        return after <= at < (close.start() if close else hi)

    def negation_reaches(self, text: str, start: int, end: int, cue: tuple[int, int], claim: tuple[int, int],
                         part_of_claim) -> bool:
        """True when the negation ``text[cue[0]:cue[1]]`` of sentence ``text[start:end]`` denies the claim
        ``text[claim[0]:claim[1]]``. It does not when it is part of the claim (``part_of_claim(a, b)`` says
        the rule's own patterns need the words at ``a:b``: "your anxiety won't come back", "relapse is not
        an option"), when it cancels against a second negation ("no one we can't help"), when it stands
        before the claim across a contrast or in an imperative ("It isn't cheap, but it erases suicidal
        thoughts", "Don't wait: ..."), or inside an adverbial clause the claim is not in ("When other drugs
        don't work, ..."). A negated clause after the claim still qualifies it ("but not for everyone")."""
        c0, c1 = cue
        if part_of_claim(c0, c1):
            return False
        for m in _DOUBLE_NEGATION.finditer(text, start, end):
            a, b = m.span("a"), m.span("b")
            if c0 in (a[0], b[0]):
                other = b if c0 == a[0] else a
                # a pair cancels unless one of them is the claim's own ("no drug that doesn't have side effects")
                if not part_of_claim(*other):
                    return False
        if c0 < claim[0]:
            if _CONTRAST.search(text, c1, claim[0]):
                return False
            m = _IMPERATIVE.match(text, start, claim[0])
            if m is not None and c0 < m.end():
                return False
            return not self._in_adverbial(text, _SUBORDINATE_BEFORE, start, c0, claim[0])
        if c0 >= claim[1]:
            return not self._in_adverbial(text, _SUBORDINATE_AFTER, claim[1], c0, end)
        return True

    @staticmethod
    def _in_adverbial(text: str, markers: regex.Pattern, lo: int, at: int, limit: int) -> bool:
        """True when offset ``at`` lies in an adverbial clause that opens after ``lo`` and closes (at a comma
        or a clause break) before ``limit``, or runs on to ``limit`` when that is the sentence end."""
        for m in markers.finditer(text, lo, at):
            close = _ADVERBIAL_END.search(text, m.end(), limit)
            if close is None:
                if markers is _SUBORDINATE_AFTER:
                    return True
                continue
            if at < close.start():
                return True
        return False

    def unanswered_question(self, text: str, starts, ends, k: int) -> bool:
        """True when sentence ``k`` is a question that does not assert its content and the next sentence
        does not answer it with an unqualified yes ("Yes, in some patients" is qualified)."""
        start, end = starts[k], ends[k]
        start = past_speaker(text, start, end)
        if (not _QUESTION_END.search(text, start, end) or _PRESUPPOSING.match(text, start, end)
                or _TAG_QUESTION.search(text, start, end)):
            return False
        if k + 1 >= len(starts):
            return True
        a, b = starts[k + 1], ends[k + 1]
        if not _AFFIRMATIVE.match(text, past_speaker(text, a, b), b):
            return True
        return self.frames is not None and self.frames.search(text, a, b) is not None


# A question followed by a short answer that makes the claim: "Is it addictive? Not in our clinic.",
# "Will my depression come back? Never.", "Why do thousands trust us? Because it works.", "Side effects?
# Hardly any." Neither sentence alone says it, so the pair is also read as one declarative sentence.
#: Longest answer (in words) read together with its question.
ANSWER_WORDS = 8
_AUX_NEGATIONS = {
    "is": ("isn't", "is not"), "are": ("aren't", "are not"), "was": ("wasn't", "was not"),
    "were": ("weren't", "were not"), "am": ("am not",), "does": ("doesn't", "does not"),
    "do": ("don't", "do not"), "did": ("didn't", "did not"), "will": ("won't", "will not"),
    "would": ("wouldn't", "would not"), "can": ("can't", "cannot"), "could": ("couldn't", "could not"),
    "should": ("shouldn't", "should not"), "has": ("hasn't", "has not"), "have": ("haven't", "have not"),
    "had": ("hadn't", "had not"),
}
_DO_SUPPORT = frozenset({"do", "does", "did"})
_AUX = "|".join(sorted(_AUX_NEGATIONS, key=len, reverse=True))
_SUBJECT = r"(?:(?:my|your|the|this|that|these|those|our|their|his|her|its|a|an)\s+)?[\w'’-]+"
# "Is it addictive?", "Will my depression come back?": an auxiliary, its subject, the rest.
_YES_NO_QUESTION = compile_lazily(
    rf"[^\w]*(?P<aux>{_AUX})\s+(?P<subj>{_SUBJECT})\s+(?P<rest>[^?]*?[\w%)])\s*\?+['\")\]]*$", regex.I
)
# "Why do thousands of patients trust us?"
_WHY_QUESTION = compile_lazily(
    rf"[^\w]*why\s+(?P<aux>{_AUX})\s+(?P<subj>{_SUBJECT})\s+(?P<rest>[^?]*?[\w%)])\s*\?+['\")\]]*$", regex.I
)
# A question without an auxiliary or a wh-word: "Side effects?", "Treatment-resistant?", "Want faster results?"
# (not one that offers alternatives, "Breakthrough or hype?", which the next sentence does not complete)
_FRAGMENT_QUESTION = compile_lazily(
    rf"[^\w]*(?!(?:{_AUX}|who|whom|whose|what|when|where|which|why|how|if|whether)\b)(?![^?]*\bor\b)"
    r"(?P<body>[\w%][^?]*?[\w%)])\s*\?+['\")\]]*$", regex.I
)
# A bare denial: "Not in our clinic.", "Never.", "No, never.", "Absolutely not!", "No." (not "No - about half
# of patients respond", which answers with facts of its own, nor a partial one: "Not usually", "Not yet", "Not
# for everyone", "Not for weeks").
_DENIAL = compile_lazily(
    r"[^\w]*(?:(?:no|nope|nah|absolutely|definitely|certainly|of course|hell)\b[\s,.!–—-]*)?(?P<neg>not|never)\b"
    r"(?!\s+(?:usually|always|often|necessarily|generally|typically|normally|commonly|mostly|entirely|completely"
    r"|totally|fully|quite|exactly|all|every\w*|yet|immediately|right away|straight away|at first|until\b"
    r"|for (?:everyone|everybody|all|most|many|some|long|a while|a (?:few|couple)|several|\w+ (?:days|weeks|months|years)"
    r"|days|weeks|months|years)|in (?:everyone|everybody|all|most|many|every)|with everyone|by itself|on its own|alone)\b)"
    r"|[^\w]*(?P<neg>no|nope|nah)[\s.!]*$",
    regex.I,
)
_BECAUSE = compile_lazily(r"[^\w]*(?:because|since|cause)\b", regex.I)
_WORD = compile_lazily(r"\w+")

#: A piece of a virtual sentence: a span of the text, or inserted words and the offset they stand for
#: (and True when they are the answer's denial, which a match in the reading must include).
Piece = tuple[int, int] | tuple[str, int] | tuple[str, int, bool]


def answered_readings(text: str, q: tuple[int, int], a: tuple[int, int]) -> list[list[Piece]]:
    """Declarative readings of the question ``text[q[0]:q[1]]`` followed by the answer ``text[a[0]:a[1]]``,
    as lists of pieces, or none when the answer is not a short one that completes the question:

    * a yes/no question denied ("Is it addictive? Not in our clinic.") reads "it isn't addictive in our
      clinic" (and "it is not ..."; "Never" reads "it will never ..."). The claim is the denial: a match
      must include the negation, so that "Is it safe for everyone? No." never reads as "safe for everyone";
    * a why-question answered "Because ..." reads "thousands of patients trust us because it works";
    * a question without an auxiliary ("Side effects? Hardly any.") reads "Side effects: Hardly any."

    The question alone keeps its reading (see :meth:`Scope.unanswered_question`)."""
    a0, a1 = a
    a0 = past_speaker(text, a0, a1)
    if _QUESTION_END.search(text, a0, a1) or len(_WORD.findall(text, a0, a1)) > ANSWER_WORDS:
        return []
    q0, q1 = q
    q0 = past_speaker(text, q0, q1)
    m = _YES_NO_QUESTION.match(text, q0, q1)
    if m is not None:
        d = _DENIAL.match(text, a0, a1)
        if d is None:
            return []
        aux, subj, rest = m.span("aux"), m.span("subj"), m.span("rest")
        after = d.end("neg")  # the rest of the answer: " in our clinic."
        tail: list[Piece] = [rest, (after, a1)] if after < a1 else [rest, (".", a1 - 1)]
        word = text[aux[0]:aux[1]].lower()
        if text[d.start("neg"):d.end("neg")].lower() == "never":
            verb = [] if word in _DO_SUPPORT else [(" ", aux[0]), aux]
            return [[subj, *verb, (" never ", aux[0], True), *tail]]
        return [[subj, (f" {neg} ", aux[0], True), *tail] for neg in _AUX_NEGATIONS[word]]
    m = _WHY_QUESTION.match(text, q0, q1)
    if m is not None:
        if _BECAUSE.match(text, a0, a1) is None:
            return []
        aux, subj, rest = m.span("aux"), m.span("subj"), m.span("rest")
        verb = [] if text[aux[0]:aux[1]].lower() in _DO_SUPPORT else [(" ", aux[0]), aux]
        return [[subj, *verb, (" ", rest[0]), rest, (" ", a0), (a0, a1)]]
    m = _FRAGMENT_QUESTION.match(text, q0, q1)
    if m is not None and len(_WORD.findall(text, *m.span("body"))) <= ANSWER_WORDS:
        return [[m.span("body"), (": ", m.end("body")), (a0, a1)]]
    return []
