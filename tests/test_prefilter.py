"""The prefilter may only make checking faster: every match of a rule contains one of its literals."""

from __future__ import annotations

import pytest

from healthlint.prefilter import required_literals, rule_slots
from healthlint.rules import load_rules

RULESET = load_rules()


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bcures?\b", {"cure"}),
        (r"\b(?:FDA|Food and Drug Administration)[- ]approved", {"fda approved", "fda-approved", "food and drug administration approved", "food and drug administration-approved"}),
        (r"(?<=x)no(?:t| more| longer)\b", {"not", "no more", "no longer"}),
        (r"\L<v>\W+(?:\w+\W+){0,3}?suicidal", {"suicidal"}),
        (r"\L<v>", {"erase", "stop"}),
        (r"(?:erases?)?\s*cure", {"cure"}),
        (r"(?:a+)+x", None),  # nothing long enough to be worth it
        (r"\p{L}+ose", None),  # regex-only syntax: no prefilter, full scan
        (r"x|longer", None),  # one branch has no usable literal
    ],
)
def test_required_literals(pattern, expected):
    got = required_literals(pattern, {"v": ("erase", "stop")})
    assert (set(got) if got is not None else None) == expected


def _examples():
    for rule in RULESET.rules:
        slots = rule_slots([p.pattern for p in rule.patterns], RULESET.vocabularies)
        if slots:
            for i, ex in enumerate(rule.bad):
                yield pytest.param(rule, slots, ex.text, id=f"{rule.id}/bad/{i}")


@pytest.mark.parametrize(("rule", "slots", "text"), list(_examples()))
def test_every_match_contains_a_literal_of_each_slot(rule, slots, text):
    """Soundness on real data: where all of a rule's patterns match, every prefilter slot of the rule
    (one literal set per pattern, AND-ed as the engine does) has a literal there."""
    folded = " ".join(text.split())
    if all(p.search(folded) for p in rule.patterns):
        for lits in slots:
            assert any(lit in folded.lower() for lit in lits), (rule.id, sorted(lits)[:10])


def test_most_rules_get_a_prefilter():
    missing = [r.id for r in RULESET.rules if not rule_slots([p.pattern for p in r.patterns], RULESET.vocabularies)]
    assert len(missing) <= len(RULESET.rules) // 10, missing


def test_windowed_scan_finds_literals_across_window_edges(monkeypatch):
    import healthlint.prefilter as pf
    from healthlint.engine import Linter

    linter = Linter(RULESET)
    text = ("Our clinic is open on weekdays. " * 7 + "Ketamine ERASES suicidal thoughts. ") * 40
    whole = list(linter.prefilter.hits(text))
    monkeypatch.setattr(pf, "_WINDOW", 97)  # an edge falls inside many literals
    windowed = list(linter.prefilter.hits(text))
    assert set(windowed) == set(whole) and len(whole) > 40
