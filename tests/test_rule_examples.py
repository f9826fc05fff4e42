"""Every rule's examples are tests: each `bad` example fires the rule, each `good` one does not.

The cases are generated from the rule files found, so a new rule is tested by adding its YAML.
"""

from __future__ import annotations

import pytest

from healthlint.engine import Linter
from healthlint.rules import load_rules

_RULESET = load_rules()
_LINTER = Linter(_RULESET)


def _cases(kind: str):
    for rule in _RULESET.rules:
        for i, example in enumerate(getattr(rule, kind)):
            yield pytest.param(rule, example, id=f"{rule.id}-{rule.name}/{kind}/{i}")


def _fired(rule, example) -> list:
    findings = _LINTER.check_source(example.text, example.format, "<example>")
    return [f for f in findings if f.rule_id == rule.id]


@pytest.mark.parametrize(("rule", "example"), list(_cases("bad")))
def test_bad_example_fires(rule, example):
    assert _fired(rule, example), f"{rule.id} did not flag its bad example: {example.text!r}"


@pytest.mark.parametrize(("rule", "example"), list(_cases("good")))
def test_good_example_is_silent(rule, example):
    fired = _fired(rule, example)
    assert not fired, f"{rule.id} flagged its good example at {fired[0].match!r}: {example.text!r}"


def test_rule_set_is_not_empty():
    assert len(_RULESET.rules) >= 3
