"""Match compiled rules against the prose of a document and produce findings."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator

import regex

from healthlint.model import Finding
from healthlint.readers import read
from healthlint.rules import Rule, RuleSet
from healthlint.sentences import split_block
from healthlint.textmodel import LineIndex, Prose


class Sentences:
    """Sentence spans of a prose text, with the start of the section each one belongs to."""

    __slots__ = ("starts", "ends", "sections")

    def __init__(self, prose: Prose) -> None:
        self.starts, self.ends, self.sections = array("q"), array("q"), array("q")
        section = 0
        for block in prose.blocks:
            if block.kind == "heading":
                section = block.start
            for start, end in split_block(prose.text, block):
                self.starts.append(start)
                self.ends.append(end)
                self.sections.append(section)

    def __len__(self) -> int:
        return len(self.starts)

    def at(self, offset: int) -> int:
        """Index of the sentence containing ``offset``, or -1 when it falls between sentences."""
        k = bisect_right(self.starts, offset) - 1
        return k if k >= 0 and offset < self.ends[k] else -1


def _first_match(rule: Rule, text: str, sents: Sentences, k: int) -> regex.Match | None:
    """The match of ``rule`` in sentence ``k``, or None when it does not apply there."""
    start, end = sents.starts[k], sents.ends[k]
    first = rule.patterns[0].search(text, start, end)
    if first is None:
        return None
    for pattern in rule.patterns[1:]:
        if pattern.search(text, start, end) is None:
            return None
    for pattern in rule.exceptions:
        if pattern.search(text, start, end) is not None:
            return None
    section = sents.sections[k]
    for pattern in rule.context:
        if pattern.search(text, section, end) is None:
            return None
    return first


def _matches(rule: Rule, text: str, sents: Sentences) -> Iterator[regex.Match]:
    """Each sentence's match of ``rule``, in order: the first pattern scans the text once and only the
    sentences it hits are examined further."""
    pos = 0
    scan = rule.patterns[0]
    while True:
        hit = scan.search(text, pos)
        if hit is None:
            return
        k = sents.at(hit.start())
        if k < 0:
            pos = hit.start() + 1
            continue
        m = _first_match(rule, text, sents, k)
        if m is not None:
            yield m
        pos = sents.ends[k]


class Linter:
    """Applies a rule set to documents."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.sentence_rules = [r for r in ruleset.rules if r.scope == "sentence"]
        self.document_rules = [r for r in ruleset.rules if r.scope == "document"]

    def check_source(self, source: str, fmt: str, path: str = "-") -> list[Finding]:
        prose = read(source, fmt)
        return self.check_prose(prose, source, path)

    def check_prose(self, prose: Prose, source: str, path: str) -> list[Finding]:
        text = prose.text
        sents = Sentences(prose)
        lines = LineIndex(source)
        findings: list[Finding] = []

        def emit(rule: Rule, m: regex.Match) -> None:
            start = prose.source_offset(m.start())
            end = prose.source_offset(max(m.end() - 1, m.start())) + 1
            line, col = lines.position(start)
            end_line, end_col = lines.position(end)
            k = sents.at(m.start())
            findings.append(
                Finding(
                    path, line, col, end_line, end_col, rule.id, rule.severity,
                    rule.render_message(m.group()), m.group(), rule,
                    text[sents.starts[k]:sents.ends[k]] if k >= 0 else m.group(),
                )
            )

        for rule in self.sentence_rules:
            for m in _matches(rule, text, sents):
                emit(rule, m)
        for rule in self.document_rules:
            trigger = next(_matches(rule, text, sents), None)
            if trigger is not None and not any(p.search(text) for p in rule.requires):
                emit(rule, trigger)
        findings.sort()
        return findings
