"""Match compiled rules against the prose of a document and produce findings.

One Aho-Corasick pass over the lower-cased prose finds, for every rule, the sentences that contain one
of its required literals (see :mod:`healthlint.prefilter`); only those sentences are matched with the
rule's patterns. A rule's first pattern is split into its top-level alternatives, each with literals of
its own in the same automaton, so a candidate sentence is matched only with the alternatives it can
match (large rules have 10 to 30). Every regex call runs under a time budget per rule and file, so a pathological pattern
in a house rule is reported instead of hanging the run. A large document may be matched in several forked
processes, each taking a run of its sentences (see ``SPLIT_MIN_CHARS``).
"""

from __future__ import annotations

import pickle
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

import regex

from healthlint.model import Finding
from healthlint.prefilter import Prefilter, follows_question, rule_slots, top_branches
from healthlint import suppress
from healthlint.lazyre import compile_lazily
from healthlint.readers import read, reader
from healthlint.rules import Rule, RuleSet, compile_with_lists, nested_repeat, out_of_band
from healthlint.scope import COMPLEMENTIZERS, Scope, answered_readings, negation_cue
from healthlint.sentences import split_block
from healthlint.spelling import Respeller
from healthlint.textmodel import LineIndex, Prose

#: Time budget of one rule on one file: a base plus an allowance per megabyte of prose.
TIMEOUT_BASE = 2.0
TIMEOUT_PER_MB = 2.0
_NEVER = 1 << 62
#: Characters before a sentence kept when it is re-matched with a word blanked out (for lookbehinds).
_LOOKBEHIND = 200
#: Characters of prose checked at a time (whole sentences): bounds the prefilter's bookkeeping.
WINDOW = 1 << 20
#: A document with this much prose or more is matched in ``Linter.jobs`` forked processes, each taking
#: a run of its sentences. Up to ``SPLIT_MAX_CHARS``: every worker reads the shared text, so memory grows
#: with the workers, and a larger document is checked in one process to keep it bounded.
SPLIT_MIN_CHARS = 1 << 20
SPLIT_MAX_CHARS = 16 << 20


class RuleTimeout(Exception):
    pass


# A bibliography entry (journal volume/pages, DOI, PMID) cites a claim's source; it is not copy.
_CITATION = compile_lazily(r"\b(?:19|20)\d\d;\s?\d+(?:\(\d+\))?:|\bdoi(?:\.org/|:\s?)10\.|\bPMID:?\s?\d", regex.I)


class Sentences:
    """Sentence spans of a prose text, with the start of the section each one belongs to.

    Blocks that are bibliography entries are left out: they name findings, they do not claim them."""

    __slots__ = ("starts", "ends", "sections")

    def __init__(self, prose: Prose) -> None:
        self.starts, self.ends, self.sections = array("q"), array("q"), array("q")
        section = 0
        text = prose.text
        for block in prose.blocks:
            if block.kind == "heading":
                section = block.start
            if _CITATION.search(text, block.start, block.end):
                continue
            for start, end in split_block(text, block):
                self.starts.append(start)
                self.ends.append(end)
                self.sections.append(section)

    def __len__(self) -> int:
        return len(self.starts)

    def at(self, offset: int) -> int:
        """Index of the sentence containing ``offset``, or -1 when it falls between sentences."""
        k = bisect_right(self.starts, offset) - 1
        return k if k >= 0 and offset < self.ends[k] else -1


_LEAD_KINDS = frozenset({"title", "front-matter"})


#: a start-of-search anchor in a pattern (not ``[^...]`` or an escaped ``\^``)
_ANCHOR = compile_lazily(r"(?<![\[\\])\^|\\G")

#: Searches over more text than this always run under ``regex``'s timeout. Shorter ones (a sentence)
#: run under it only for rules whose patterns nest unbounded repeats, the shape that backtracks
#: exponentially (warned about at load time): passing a timeout costs ~4 us a call, as much as a
#: typical sentence search. Every call's time is still charged to the rule's budget.
GUARDED_SPAN = 2000


class _Budget:
    """Remaining regex time of one rule on one file; ``guard``: run every search under a timeout."""

    __slots__ = ("left", "guard")

    def __init__(self, seconds: float, guard: bool = False) -> None:
        self.left = seconds
        self.guard = guard

    def search(self, pattern: regex.Pattern, text: str, start: int, end: int | None = None):
        return self._run(pattern.search, text, start, len(text) if end is None else end)

    def match(self, pattern: regex.Pattern, text: str, start: int, end: int):
        """``pattern`` matched at ``start`` only (for a pattern anchored there, the same as a search)."""
        return self._run(pattern.match, text, start, end)

    def _run(self, method, text: str, start: int, end: int):
        if self.left <= 0:
            raise RuleTimeout
        t0 = time.perf_counter()
        try:
            if self.guard or end - start > GUARDED_SPAN:
                m = method(text, start, end, timeout=self.left)
            else:
                m = method(text, start, end)
        except TimeoutError:
            self.left = 0
            raise RuleTimeout from None
        self.left -= time.perf_counter() - t0
        return m


class _Doc:
    """One document being checked: its prose, sentences, and the per-document caches."""

    __slots__ = ("text", "sents", "scope", "lead", "_context")

    def __init__(self, prose: Prose, scope: Scope) -> None:
        self.text = prose.text
        self.sents = Sentences(prose)
        self.scope = scope
        # What the whole page is about: its title, front matter and first heading.
        self.lead = [b for b in prose.blocks if b.kind in _LEAD_KINDS]
        first_heading = next((b for b in prose.blocks if b.kind == "heading"), None)
        if first_heading is not None:
            self.lead.append(first_heading)
        self._context: dict[tuple[int, int], int] = {}

    def context_end(self, pattern: regex.Pattern, section: int, budget: _Budget) -> int:
        """End of the first match of ``pattern`` from ``section`` on (cached: linear per section), or 0
        when the page's lead (title, front matter, first heading) matches it."""
        key = (id(pattern), section)
        end = self._context.get(key)
        if end is None:
            lead_key = (id(pattern), -1)
            if lead_key not in self._context:
                self._context[lead_key] = 0 if any(
                    budget.search(pattern, self.text, b.start, b.end) for b in self.lead
                ) else _NEVER
            if self._context[lead_key] == 0:
                end = 0
            else:
                m = budget.search(pattern, self.text, section)
                end = m.end() if m is not None else _NEVER
            self._context[key] = end
        return end

    def match(
        self, rule: Rule, k: int, budget: _Budget, branches: Branches | tuple = (), mask: int = 0,
        rest: Branches | tuple = (),
    ) -> regex.Match | None:
        """The match of ``rule`` in sentence ``k``, or None when it does not apply there.

        ``branches`` are the top-level alternatives of the rule's first pattern and ``mask`` the bits of
        those worth trying in this sentence (0: the whole pattern is matched instead); the earliest of
        their matches (the first branch on a tie) is the match of the whole alternation, and ``rest``
        stands for the rule's other patterns (so its first, whole, need not be loaded)."""
        text, start, end = self.text, self.sents.starts[k], self.sents.ends[k]
        if mask:
            first = _earliest(branches, mask, text, start, end, budget)
        else:
            first = budget.search(rule.patterns[0], text, start, end)
            rest = rule.patterns[1:]
        if first is None:
            return None
        for j in range(len(rest)):
            if budget.search(rest[j], text, start, end) is None:
                return None
        if rule.exceptions:
            # what _needs matches the sentence with: the same branches, and those a blanked word could open
            split = (branches, mask | branches.q_prone, rest) if mask else None
            for pattern in rule.exceptions:
                if self._excepted(rule, pattern, first, k, budget, split):
                    return None
        if rule.frames and (
            self.scope.framed(text, start, end, first.start())
            or self.scope.unanswered_question(text, self.sents.starts, self.sents.ends, k)
            or self.scope.quoted_under_label(text, start, end, first.start())
        ):
            return None
        if not self.in_context(rule, k, budget) or (rule.waived_by and self.waived(rule, k, budget)):
            return None
        return first

    def _above(self, patterns, k: int, budget: _Budget):
        """For each of ``patterns``, whether it matches in sentence ``k``, above it in its section, or in
        the page's lead (lazily: ``all`` and ``any`` stop early)."""
        section, end = self.sents.sections[k], self.sents.ends[k]
        return (self.context_end(pattern, section, budget) <= end for pattern in patterns)

    def in_context(self, rule: Rule, k: int, budget: _Budget) -> bool:
        """True when every ``context`` pattern of ``rule`` matches before the end of sentence ``k``."""
        return all(self._above(rule.context, k, budget))

    def waived(self, rule: Rule, k: int, budget: _Budget) -> bool:
        """True when a ``waived_by`` pattern of ``rule`` matches where its context would count: the
        study a sentence should cite is named in it, above it in its section, or in the page's lead."""
        return any(self._above(rule.waived_by, k, budget))

    def _excepted(self, rule: Rule, pattern: regex.Pattern, claim: regex.Match, k: int, budget: _Budget,
                  split: tuple | None = None) -> bool:
        """True when ``pattern``, an exception of ``rule``, cancels the ``claim`` in sentence ``k``. An
        exception that opens with a negation cancels it only where that negation reaches the claim (see
        :meth:`Scope.negation_reaches`); every other exception, wherever it matches in the sentence."""
        text, start, end = self.text, self.sents.starts[k], self.sents.ends[k]
        pos = start
        while True:
            m = budget.search(pattern, text, pos, end)
            if m is None:
                return False
            if self.scope.affirming(text, start, end, m.start()):
                pos = m.start() + 1  # "I'm not exaggerating when I say...", "there's no doubt that..."
                continue
            if m.group().lower() in COMPLEMENTIZERS:
                # an exception that is just "whether" questions only the clause it opens
                if self.scope.in_complement(text, m.end(), end, claim.start()):
                    return True
                pos = m.start() + 1
                continue
            cue = negation_cue(text, m.start(), m.end())
            if cue is None or self.scope.negation_reaches(
                text, start, end, cue, claim.span(), lambda a, b: self._needs(rule, k, a, b, budget, split)
            ):
                return True
            pos = m.start() + 1

    def _needs(self, rule: Rule, k: int, a: int, b: int, budget: _Budget, split: tuple | None = None) -> bool:
        """True when the words at ``text[a:b]`` are part of what ``rule`` matches in sentence ``k``: with
        them blanked out, one of its patterns no longer matches the sentence. ``split``: the branches of
        a split first pattern worth trying, as in :meth:`match`, and the rule's other patterns."""
        text, start, end = self.text, self.sents.starts[k], self.sents.ends[k]
        lead = max(0, start - _LOOKBEHIND)  # what a lookbehind at the sentence start may look at
        masked = text[lead:a] + "q" * (b - a) + text[b:end]
        at = start - lead
        if split is None:
            return any(budget.search(p, masked, at) is None for p in rule.patterns)
        branches, mask, rest = split
        if _earliest(branches, mask, masked, at, len(masked), budget) is None:
            return True
        return any(budget.search(rest[j], masked, at) is None for j in range(len(rest)))

    def scan(self, rule: Rule, budget: _Budget, pos: int = 0, end: int | None = None) -> Iterator[int]:
        """Sentences in ``text[pos:end]`` hit by the rule's first pattern, for rules without a prefilter
        literal. A pattern anchored with ``^`` or ``\\G`` matches only where a search starts, so it is
        tried sentence by sentence."""
        pattern = rule.patterns[0]
        if _ANCHOR.search(pattern.pattern):
            starts, ends = self.sents.starts, self.sents.ends
            stop = len(self.text) if end is None else end
            for k in range(bisect_right(ends, pos), len(starts)):
                if starts[k] >= stop:
                    return
                if budget.search(pattern, self.text, starts[k], ends[k]) is not None:
                    yield k
            return
        while True:
            hit = budget.search(pattern, self.text, pos, end)
            if hit is None:
                return
            k = self.sents.at(hit.start())
            if k < 0:
                pos = hit.start() + 1
                continue
            yield k
            pos = self.sents.ends[k]


class _Reading:
    """A match in a question-and-answer reading, placed back in the document's text: ``start()`` and
    ``end()`` are offsets in the real text, ``group()`` is what was read."""

    __slots__ = ("_span", "_group")

    def __init__(self, start: int, end: int, group: str) -> None:
        self._span, self._group = (start, end), group

    def start(self) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._span[1]

    def span(self) -> tuple[int, int]:
        return self._span

    def group(self) -> str:
        return self._group


class _AnsweredDoc(_Doc):
    """The question-and-answer pairs of a document, each read as one declarative sentence (see
    :func:`healthlint.scope.answered_readings`), as a document of its own whose sentence ``k`` stands
    for the question ``questions[k]`` and the answer after it. A rule's context is the real one, at the answer."""

    __slots__ = ("doc", "questions", "_maps", "_denials")

    def __init__(self, doc: _Doc, readings: list[tuple[int, list]]) -> None:
        self.doc, self.scope, self.lead, self._context = doc, doc.scope, doc.lead, {}
        self.questions: list[int] = []
        self._denials: list[tuple[int, int] | None] = []  # the words a match must include
        self._maps: list[tuple[list[int], list[int], list[int]]] = []  # reading offset, real offset, step
        sents = self.sents = Sentences.__new__(Sentences)
        sents.starts, sents.ends, sents.sections = array("q"), array("q"), array("q")
        parts: list[str] = []
        pos = 0
        for q, pieces in readings:
            vpos, real, step = [], [], []
            denial = None
            sents.starts.append(pos)
            for piece in pieces:
                if isinstance(piece[0], str):
                    s, at, st = piece[0], piece[1], 0
                    if len(piece) > 2:
                        lead = len(s) - len(s.lstrip())
                        denial = (pos + lead, pos + lead + len(s.strip()))
                else:
                    s, at, st = doc.text[piece[0]:piece[1]], piece[0], 1
                vpos.append(pos)
                real.append(at)
                step.append(st)
                parts.append(s)
                pos += len(s)
            sents.ends.append(pos)
            sents.sections.append(doc.sents.sections[q + 1])
            parts.append("\n\n")
            pos += 2
            self.questions.append(q)
            self._maps.append((vpos, real, step))
            self._denials.append(denial)
        self.text = "".join(parts)

    def in_context(self, rule: Rule, k: int, budget: _Budget) -> bool:
        return self.doc.in_context(rule, self.questions[k] + 1, budget)

    def waived(self, rule: Rule, k: int, budget: _Budget) -> bool:
        return self.doc.waived(rule, self.questions[k] + 1, budget)

    def real(self, k: int, offset: int) -> int:
        """Offset in the document's text of the character at ``offset`` of reading ``k``."""
        vpos, real, step = self._maps[k]
        j = bisect_right(vpos, offset) - 1
        return real[j] + (offset - vpos[j]) * step[j]

    def placed(self, matches, found) -> list:
        """``matches`` of rules in the readings, placed at their question and answer, one per rule and pair,
        less those of a rule that already matched the question or the answer on its own (``found``) and
        those of pairs whose answer a rule already read as an answer: a match that starts with the answer
        ("Side effects? None at all.", "Dark thoughts? Gone.") is a rule's own reading of the pair."""
        seen = {(rule.id, k) for rule, _, k in found}
        starts, text = self.doc.sents.starts, self.doc.text
        answered = set()
        for rule, m, k in found:
            if rule.scope != "sentence":
                continue
            a = starts[k]
            if m.start() - a < 4 and not any(c.isalnum() for c in text[a:m.start()]):
                answered.add(k)
        out = []
        for rule, m, k in matches:
            q = self.questions[k]
            if q + 1 in answered or (rule.id, q) in seen or (rule.id, q + 1) in seen or (rule.id, (q, q + 1)) in seen:
                continue
            denial = self._denials[k]
            if denial is not None and not (m.start() < denial[1] and denial[0] < m.end()):
                continue  # the rule read the question's words, which the answer denies
            seen.add((rule.id, (q, q + 1)))
            start, end = self.real(k, m.start()), self.real(k, max(m.end() - 1, m.start())) + 1
            out.append((rule, _Reading(start, max(end, start + 1), m.group()), (q, q + 1)))
        return out


#: In a worker forked by ``Linter._check_split``: the linter, the document and its time budget.
_split_job: tuple | None = None


def _check_part(part: tuple[int, int]):
    """Matches of every rule in sentences ``part`` of the document being split, as (rule index, start,
    end, text, sentence); the rules this run stopped; and its problems, with the rule each names."""
    linter, doc, seconds = _split_job
    k0, k1 = part
    _, budgets = linter.budgets(doc.sents.ends[k1 - 1] - doc.sents.starts[k0])
    stopped: set[int] = set()
    matches: list = []
    problems: list[str] = []
    index = {id(rule): i for i, rule in enumerate(linter.rules)}
    ids = {rule.id: i for i, rule in enumerate(linter.rules)}
    linter._check_sentences(doc, k0, k1, budgets, stopped, matches, problems, seconds)
    found = [(index[id(rule)], m.start(), m.end(), m.group(), k) for rule, m, k in matches]
    named = [(ids.get(p.split()[1], -1), p) for p in problems]  # "rule ID ran out of time ..."
    return found, stopped, named


def _drop_superseded(matches: list[tuple[Rule, regex.Match, int]]) -> list[tuple[Rule, regex.Match, int]]:
    """Drop a rule's match in a sentence where a more specific rule that ``supersedes`` it also fired."""
    shadowed = {(other, k) for rule, _, k in matches for other in rule.supersedes}
    if not shadowed:
        return matches
    return [(rule, m, k) for rule, m, k in matches if (rule.id, k) not in shadowed]


def verify_examples(linter: "Linter", skip: str = "") -> None:
    """Every rule flags each of its bad examples and none of its good ones, or a HealthlintError says
    which example of which rule, with file and line. Rules whose file lies under the folder ``skip`` are
    not checked."""
    from healthlint.errors import HealthlintError
    from healthlint.yamlfile import load_yaml

    for rule in linter.rules:
        if skip and rule.path.startswith(skip):
            continue
        for kind, examples, want in (("bad", rule.bad, True), ("good", rule.good, False)):
            for i, ex in enumerate(examples):
                fired = any(f.rule_id == rule.id for f in linter.check_source(ex.text, ex.format, "<example>"))
                if fired != want:
                    line = load_yaml(rule.path).line_of(["examples", kind, i])
                    verb = "does not flag its bad" if want else "flags its good"
                    raise HealthlintError(f"{rule.path}:{line}: examples.{kind}[{i}]: rule {rule.id} {verb} example")


class Branches:
    """The top-level alternatives of a rule's first pattern, each unpickled when first tried.

    In the rule cache every alternative is a pickle of its own (a pickled ``regex`` pattern is its
    compiled code, so loading one skips the pattern parser): a run on one small page loads the few
    alternatives its sentences reach, not every alternative of every rule it comes near. ``anchored``
    has a bit set for each alternative that opens with ``^`` or ``\\G``: it can only match where the
    sentence starts, so it is tried there alone instead of searched for. ``q_prone`` has a bit set for
    each alternative with a literal that holds a "q": blanking words with q's (:meth:`_Doc._needs`) can
    make that literal appear, so the prefilter's mask of a sentence does not rule it out there."""

    __slots__ = ("_blobs", "_patterns", "anchored", "q_prone")

    def __init__(self, patterns: tuple[regex.Pattern, ...] = (), anchored: int = 0, q_prone: int = 0) -> None:
        self._blobs: tuple[bytes | memoryview, ...] | None = None
        self._patterns: list[regex.Pattern | None] = list(patterns)
        self.anchored = anchored
        self.q_prone = q_prone

    def __getstate__(self) -> tuple[tuple[bytes, ...], int, int]:
        if self._blobs is None:
            self._blobs = tuple(pickle.dumps(p, pickle.HIGHEST_PROTOCOL) for p in self._patterns)
        return self._blobs, self.anchored, self.q_prone

    def __reduce_ex__(self, protocol: int):
        reconstruct, args, (blobs, *bits), *rest = super().__reduce_ex__(protocol)
        return (reconstruct, args, (tuple(out_of_band(b, protocol) for b in blobs), *bits), *rest)

    def __setstate__(self, state: tuple[tuple[bytes, ...], int, int]) -> None:
        self._blobs, self.anchored, self.q_prone = state
        self._patterns = [None] * len(self._blobs)

    def __len__(self) -> int:
        return len(self._patterns)

    def __getitem__(self, b: int) -> regex.Pattern:
        pattern = self._patterns[b]
        if pattern is None:
            pattern = self._patterns[b] = pickle.loads(self._blobs[b])
        return pattern


def _earliest(branches: Branches, mask: int, text: str, start: int, end: int, budget: _Budget):
    """The earliest match in ``text[start:end]`` of the branches whose bits are set in ``mask`` (the
    first branch on a tie): the match of the whole alternation, where the others cannot match."""
    first = None
    anchored = branches.anchored
    while mask:  # set bits only, lowest first: a mask may reach bit 130 with two bits set
        bit = mask & -mask
        mask ^= bit
        b = bit.bit_length() - 1
        if anchored & bit:
            m = budget.match(branches[b], text, start, end)
        else:
            m = budget.search(branches[b], text, start, end)
        if m is not None and (first is None or m.start() < first.start()):
            first = m
            if m.start() == start:
                break  # nothing can start earlier
    return first


def _asked(doc: _Doc, lo: int, hi: int) -> set[int]:
    """The sentences in ``doc.text[lo:hi]`` that hold a question mark, and the sentence after each."""
    out: set[int] = set()
    text, at = doc.text, doc.sents.at
    pos = text.find("?", lo, hi)
    while pos >= 0:
        k = at(pos)
        if k >= 0:
            out.update((k, k + 1))
        else:  # between sentences: the next one starts after it
            out.add(bisect_right(doc.sents.starts, pos))
        pos = text.find("?", pos + 1, hi)
    return out


class Linter:
    """Applies a rule set to documents."""

    def __init__(self, ruleset: RuleSet, prefilter: Prefilter | None = None) -> None:
        self.ruleset = ruleset
        self.rules = ruleset.rules
        vocab = ruleset.vocabularies
        # The first pattern of a rule, split into its top-level alternatives: a sentence is matched only
        # with the alternatives whose literals it holds (the earliest match of those is the pattern's match).
        self.branches: list[Branches] = []
        #: per rule, the bits of the branches that only match after a question (see ``follows_question``)
        self.after_question: list[int] = []
        #: the other patterns of a rule whose first one is split (matched with the branches)
        self.rest: list[Branches] = []
        branch_literals: list[list] = []
        for r in self.rules:
            first = r.patterns[0]
            parts = top_branches(first.pattern) or []
            lits = [rule_slots([part], vocab) for part in parts]
            if sum(not x for x in lits) > len(parts) // 2:
                parts, lits = [], []  # most alternatives would be tried anyway: match the whole pattern
            lists = tuple(sorted((n, tuple(sorted(v))) for n, v in first.named_lists.items()))
            anchored = sum(1 << b for b, part in enumerate(parts) if part.startswith(("^", "\\G")))
            self.after_question.append(sum(1 << b for b, part in enumerate(parts) if follows_question(part)))
            q_prone = sum(1 << b for b, sets in enumerate(lits) if any("q" in w.lower() for o in sets for w in o))
            self.branches.append(
                Branches(tuple(compile_with_lists(part, first.flags, lists) for part in parts), anchored, q_prone)
            )
            self.rest.append(Branches(r.patterns[1:] if parts else ()))
            branch_literals.append(lits)
        self.prefilter = prefilter or Prefilter(
            [rule_slots([p.pattern for p in r.patterns], vocab) for r in self.rules], branch_literals
        )
        self.scope = Scope(vocab)
        #: rules with a pattern that nests unbounded repeats: each of their searches runs under a timeout
        self.guarded = frozenset(
            i for i, r in enumerate(self.rules)
            if any(nested_repeat(p.pattern) for p in (*r.patterns, *r.exceptions, *r.context, *r.requires, *r.waived_by))
        )
        self.document_rules = frozenset(i for i, r in enumerate(self.rules) if r.scope != "sentence")
        self.respeller = Respeller(ruleset.corrections)

    #: Front matter fields the Markdown reader checks besides its defaults (``front-matter-fields`` config).
    front_matter_fields: tuple[str, ...] = ()
    #: The rule cache's key of this rule set (see :func:`healthlint.cache.load_linter`), which the result
    #: cache's keys include; None when the rules were not cached.
    rules_key: str | None = None
    #: Processes a large document's sentences may be matched in (see ``SPLIT_MIN_CHARS``); the runner
    #: sets it when it checks files one at a time.
    jobs: int = 1

    def check_source(
        self, source: str, fmt: str, path: str = "-", problems: list[str] | None = None,
        unused: list[suppress.Unused] | None = None,
    ) -> list[Finding]:
        """Findings for one document, less those its suppression comments silence. Rules that ran out of
        time are named in ``problems``; suppressions that silenced nothing are added to ``unused``."""
        if self.front_matter_fields and fmt == "markdown":
            prose = reader(fmt)(source, front_matter_fields=self.front_matter_fields)
        else:
            prose = read(source, fmt)
        # corrected here, not in check_prose, so that the uncorrected copy is freed before matching
        prose = self.respeller.apply(prose)
        findings, idle = suppress.apply(self.check_prose(prose, source, path, problems), source, fmt, path)
        if unused is not None:
            unused.extend(idle)
        return findings

    def check_prose(self, prose: Prose, source: str, path: str, problems: list[str] | None = None) -> list[Finding]:
        """Findings for ``prose`` (already respelled) read from ``source``."""
        doc = _Doc(prose, self.scope)
        seconds, budgets = self.budgets(len(doc.text))
        stopped: set[int] = set()  # rules out of time, and document rules that have reported
        matches: list[tuple[Rule, regex.Match, int]] = []
        parts = self._parts(doc) if self.jobs > 1 and SPLIT_MIN_CHARS <= len(doc.text) <= SPLIT_MAX_CHARS else None
        if parts is None or not self._check_split(doc, parts, stopped, matches, problems, seconds):
            self._check_sentences(doc, 0, len(doc.sents), budgets, stopped, matches, problems, seconds)
        readings = self._answered(doc)
        if readings:
            answered = _AnsweredDoc(doc, readings)
            skip = stopped | self.document_rules
            found: list[tuple[Rule, regex.Match, int]] = []
            self._check_window(answered, 0, len(answered.sents), budgets, skip, found, problems, seconds)
            matches.extend(answered.placed(found, matches))
        return self._findings(prose, doc, source, path, _drop_superseded(matches))

    def budgets(self, chars: int) -> tuple[float, list[_Budget]]:
        """The time budget of one rule on ``chars`` characters of prose, and a fresh budget per rule."""
        seconds = TIMEOUT_BASE + TIMEOUT_PER_MB * chars / 1e6
        guarded = self.guarded
        return seconds, [_Budget(seconds, i in guarded) for i in range(len(self.rules))]

    def _check_sentences(self, doc: _Doc, k0: int, k1: int, budgets, stopped, matches, problems, seconds) -> None:
        """Match every rule against sentences ``k0`` to ``k1`` (exclusive), a window at a time, so the
        prefilter's per-sentence bookkeeping stays bounded on a very large document."""
        starts = doc.sents.starts
        while k0 < k1:
            k = min(bisect_left(starts, starts[k0] + WINDOW, k0 + 1), k1)
            self._check_window(doc, k0, k, budgets, stopped, matches, problems, seconds)
            k0 = k

    def _parts(self, doc: _Doc) -> list[tuple[int, int]]:
        """``doc``'s sentences in runs of about equal size, two per worker (so one slow run evens out)."""
        starts, n = doc.sents.starts, len(doc.sents)
        step = len(doc.text) // (2 * self.jobs) + 1
        parts, k0 = [], 0
        while k0 < n:
            k1 = bisect_left(starts, starts[k0] + step, k0 + 1)
            parts.append((k0, k1))
            k0 = k1
        return parts

    def _check_split(self, doc: _Doc, parts, stopped, matches, problems, seconds) -> bool:
        """Match ``doc``'s sentence runs ``parts`` in forked workers and merge their results in document
        order, as a run in one process would have them: a rule stopped in one run (out of time, or a
        document rule that reported) has no matches in later runs. False where processes cannot fork."""
        global _split_job
        import multiprocessing

        try:
            ctx = multiprocessing.get_context("fork")
        except ValueError:
            return False
        _split_job = (self, doc, seconds)
        pool = ctx.Pool(min(self.jobs, len(parts)))
        try:
            for found, part_stopped, part_problems in pool.imap(_check_part, parts):
                for i, start, end, group, k in found:
                    if i not in stopped:
                        matches.append((self.rules[i], _Reading(start, end, group), k))
                if problems is not None:
                    problems.extend(p for i, p in part_problems if i not in stopped)
                stopped |= part_stopped
        finally:
            pool.terminate()
            _split_job = None
        return True

    def _check_window(self, doc: _Doc, k0: int, k1: int, budgets, stopped, matches, problems, seconds) -> None:
        """Match every rule against sentences ``k0`` to ``k1`` (exclusive)."""
        lo, hi = doc.sents.starts[k0], doc.sents.ends[k1 - 1]
        candidates, masks = self.prefilter.candidates_and_branches(doc.text, doc.sents.starts, doc.sents.ends, lo, hi)
        open_branches, after_question = self.prefilter.open_branches, self.after_question
        asked = None  # the sentences of the window at or right after a question mark
        for i, rule in enumerate(self.rules):
            if i in stopped:
                continue
            budget = budgets[i]
            try:
                branches = self.branches[i]
                branched = len(branches) > 0
                rule_masks = masks.get(i, {})
                opened = open_branches[i] if branched else 0
                answers = opened & after_question[i]  # open branches tried only after a question
                plain = opened & ~answers  # open branches tried on every sentence
                if answers and asked is None:
                    asked = _asked(doc, lo, hi)
                if i not in self.prefilter.always:
                    ks = candidates.get(i, ())
                elif branched:
                    # no literal every match must hold, but most alternatives have one: try each
                    # sentence with the alternatives its literals allow, plus those without literals
                    if plain:
                        ks = range(k0, k1)
                    elif answers:
                        ks = sorted(asked.union(rule_masks).intersection(range(k0, k1)))
                    else:
                        ks = sorted(rule_masks)
                else:
                    ks = doc.scan(rule, budget, lo, hi)
                for k in ks:
                    if branched:
                        mask = rule_masks.get(k, 0) | plain | (answers if answers and k in asked else 0)
                        m = doc.match(rule, k, budget, branches, mask, self.rest[i]) if mask else None
                    else:
                        m = doc.match(rule, k, budget)
                    if m is None:
                        continue
                    if rule.scope == "sentence":
                        matches.append((rule, m, k))
                        continue
                    if not any(budget.search(p, doc.text, 0) for p in rule.requires):
                        matches.append((rule, m, k))
                    stopped.add(i)  # a document rule reports its first trigger only
                    break
            except RuleTimeout:
                stopped.add(i)
                if problems is not None:
                    problems.append(
                        f"rule {rule.id} ran out of time ({seconds:.1f} s) and was stopped; "
                        "its findings in this file are incomplete"
                    )

    @staticmethod
    def _answered(doc: _Doc) -> list[tuple[int, list]]:
        """Readings of each question in ``doc`` together with the short answer after it."""
        text, sents = doc.text, doc.sents
        starts, ends = sents.starts, sents.ends
        out = []
        pos = text.find("?")
        while pos >= 0:
            k = sents.at(pos)
            if k < 0 or k + 1 >= len(starts):
                pos = text.find("?", pos + 1)
                continue
            for pieces in answered_readings(text, (starts[k], ends[k]), (starts[k + 1], ends[k + 1])):
                out.append((k, pieces))
            pos = text.find("?", ends[k])
        return out

    @staticmethod
    def _findings(prose: Prose, doc: _Doc, source: str, path: str, matches) -> list[Finding]:
        if not matches:
            return []
        lines = LineIndex(source)
        out = []
        for rule, m, k in matches:
            start = prose.source_offset(m.start())
            end = prose.source_offset(max(m.end() - 1, m.start())) + 1
            line, col = lines.position(start)
            end_line, end_col = lines.position(end)
            first, last = k if isinstance(k, tuple) else (k, k)  # a question and its answer, read together
            sentence = doc.text[doc.sents.starts[first]:doc.sents.ends[last]]
            out.append(Finding(path, line, col, end_line, end_col, rule.id, rule.severity,
                               rule.render_message(m.group()), m.group(), rule, sentence))
        out.sort()
        return out
