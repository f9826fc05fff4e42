"""Rule-set loading: every broken rule file is one clear error naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.errors import HealthlintError
from healthlint.rules import load_rules

GOOD = """\
id: MY001
name: {name}
severity: warning
scope: sentence
message: "a message"
nuance: "A nuance long enough to satisfy the schema's minimum length."
references: [{{title: t, url: "https://example.org"}}]
patterns: ['{pattern}']
examples: {{bad: [x], good: [y]}}
"""


def write(tmp_path: Path, name: str, text: str, pack: str = "mine") -> Path:
    d = tmp_path / pack
    d.mkdir(exist_ok=True)
    p = d / f"{name}.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def load_error(tmp_path: Path) -> str:
    with pytest.raises(HealthlintError) as info:
        load_rules([tmp_path])
    return str(info.value)


def test_valid_custom_rule_loads_with_builtin_vocabulary(tmp_path):
    write(tmp_path, "ok-rule", GOOD.format(name="ok-rule", pattern=r"\L<hedges>"))
    (rule,) = load_rules([tmp_path]).rules
    assert rule.id == "MY001" and rule.pack == "mine"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.format(name="r", pattern="x").replace("severity: warning", "severity: loud"), ":3: severity: 'loud' is not one of"),
        (GOOD.format(name="r", pattern="x").replace("id: MY001", "id: my-1"), ":1: id: 'my-1' is not valid"),
        (GOOD.format(name="r", pattern="x") + "colour: red\n", ":1: (top level): unknown key 'colour'"),
        (GOOD.format(name="r", pattern="x").replace('message: "a message"\n', ""), "(top level): 'message' is required"),
        (GOOD.format(name="r", pattern="(unclosed"), ":8: patterns[0]: pattern does not compile"),
        (GOOD.format(name="r", pattern=r"\L<no_such_list>"), ":8: patterns[0]: unknown vocabulary 'no_such_list'"),
        (GOOD.format(name="other", pattern="x"), ":2: name: 'other' must equal the file stem 'r'"),
        ("id: [unclosed\n", ":2: invalid YAML: "),
        ("- a list\n", ":1: expected a mapping"),
        ("a: &x [1]\nb: *x\n", ":1: YAML anchors and aliases are not allowed"),
    ],
)
def test_errors_name_file_line_and_field(tmp_path, text, expected):
    path = write(tmp_path, "r", text)
    message = load_error(tmp_path)
    assert message.startswith(str(path)), message
    assert expected in message, message


def test_duplicate_ids_across_packs(tmp_path):
    write(tmp_path, "one", GOOD.format(name="one", pattern="x"), pack="a")
    write(tmp_path, "two", GOOD.format(name="two", pattern="x"), pack="b")
    assert "duplicate rule MY001" in load_error(tmp_path)


def test_missing_rules_folder(tmp_path):
    with pytest.raises(HealthlintError, match="rules folder not found"):
        load_rules([tmp_path / "nope"])


def test_builtin_rules_load(ruleset):
    assert ruleset.rules
    assert {"hedges", "negations", "ketamine_terms"} <= set(ruleset.vocabularies)
