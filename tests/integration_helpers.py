"""Shared by the workflow-integration tests (formats, config, suppress, baseline): a CLI runner and a
small custom rule pack, so the tests rely only on KET001 among the built-in rules."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from healthlint.cli import main

CLAIM = "Ketamine erases suicidal thoughts in four hours."
OTHER_CLAIM = "Our ketamine infusion erases suicidal thoughts for good."

HOUSE_RULES = {
    "miracle-cure": """\
id: TST001
name: miracle-cure
severity: warning
scope: sentence
message: "\\"{match}\\" promises a miracle; say what the evidence shows."
nuance: "No tea cures everything; this rule exists to exercise custom rule packs in the test suite."
references:
  - title: "Test reference, with a comma: and a colon"
    url: https://example.org/reference
suggestion: "Say what the studies measured."
patterns: ['miracle cure']
exceptions: ['\\bno miracle cure']
examples:
  bad: ["This tea is a miracle cure."]
  good: ["There is no miracle cure."]
""",
    "detox-tea": """\
id: TST002
name: detox-tea
severity: info
scope: sentence
message: "\\"{match}\\": the liver and kidneys do the detoxing; name what the product does."
nuance: "Detox products name no toxin and show no removal of one; this rule exists for the tests."
references:
  - title: "Test reference"
    url: https://example.org/detox
patterns: ['detox tea']
examples:
  bad: ["Drink our detox tea."]
  good: ["Drink water."]
""",
}


def write_house_rules(folder: Path) -> Path:
    pack = folder / "tst"
    pack.mkdir(parents=True, exist_ok=True)
    for name, text in HOUSE_RULES.items():
        (pack / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    """Invoke the CLI; stdout and stderr separately where click supports it (8.2 always does)."""
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
