"""docs/rules.md is generated from the rule files and must not go stale."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from healthlint.cli import main

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_rules_reference_is_up_to_date():
    generated = CliRunner().invoke(main, ["rules", "--format", "markdown"]).output
    assert DOC.read_text(encoding="utf-8") == generated, (
        "docs/rules.md is out of date: run `healthlint rules --format markdown > docs/rules.md`"
    )


def test_rule_set_size_and_packs(ruleset):
    assert len(ruleset.rules) >= 30
    assert len({r.pack for r in ruleset.rules}) >= 4
    for rule in ruleset.rules:
        assert len(rule.bad) >= 6 and len(rule.good) >= 6, rule.id
        assert rule.references and rule.suggestion, rule.id
        assert 2 <= rule.nuance.count(". ") + 1 <= 6, rule.id
