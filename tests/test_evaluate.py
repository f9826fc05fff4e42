"""`healthlint eval`: exact counts on a small synthetic evaluation file, context handling, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint import evaluate as ev
from healthlint.cli import main
from healthlint.errors import HealthlintError

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "corpus" / "eval" / "dev.yaml"

CLAIM = "Ketamine erases suicidal thoughts."  # KET001 (family KET-SUICIDE-ERASE) fires on it
NEUTRAL = "Patients sat in a quiet room."

# index: expected outcome
SYNTHETIC = f"""\
- text: {CLAIM}                    # 0 hit
  label: KET-SUICIDE-ERASE
  site: iv-clinic
- text: {CLAIM}                    # 1 detected by another family only
  label: GEN-CURE
- text: {CLAIM}                    # 2 hit through 'also'
  label: GEN-CURE
  also: [KET-SUICIDE-ERASE]
- text: The weather was pleasant today.   # 3 miss
  label: KET-SUICIDE-ERASE
- text: {NEUTRAL}                  # 4 miss: the claim is in the context, which does not count
  label: KET-SUICIDE-ERASE
  context: {CLAIM}
- text: It erases suicidal thoughts.      # 5 hit: the context names the drug the pronoun refers to
  label: KET-SUICIDE-ERASE
  context: Ketamine is offered here.
- text: It erases suicidal thoughts.      # 6 miss: KET001 needs the drug; document rule DOC002 does not count
  label: KET-SUICIDE-ERASE
- text: {CLAIM}                    # 7 false alarm (KET-SUICIDE-ERASE)
  label: ok
- text: {NEUTRAL}                  # 8 clean
  label: ok
- text: {NEUTRAL}                  # 9 clean: the finding is in the context
  label: ok
  context: {CLAIM}
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def eval_file(tmp_path: Path) -> Path:
    p = tmp_path / "mini.yaml"
    p.write_text(SYNTHETIC, encoding="utf-8")
    return p


def test_outcomes_and_counts_exact(linter, eval_file):
    res = ev.evaluate_file(linter, eval_file)
    kinds = [o.kind for o in res.outcomes]
    assert kinds == ["hit", "other", "hit", "miss", "miss", "hit", "miss", "false-alarm", "clean", "clean"]
    assert (res.overclaims, res.ok_items) == (7, 3)
    assert (res.hits, res.other, res.detected, res.false_alarms, res.flagged) == (3, 1, 4, 1, 5)
    assert res.recall == pytest.approx(4 / 7)
    assert res.family_recall == pytest.approx(3 / 7)
    assert res.fpr == pytest.approx(1 / 3)
    assert res.precision == pytest.approx(4 / 5)
    assert res.outcomes[1].rule_ids == ["KET001"]
    assert res.outcomes[6].rule_ids == []  # the document-scope DOC002 finding is not counted


def test_per_family_rows(linter, eval_file):
    rows = {r.family: r for r in ev.evaluate_file(linter, eval_file).families}
    assert set(rows) == {"GEN-CURE", "KET-SUICIDE-ERASE"}
    ket, cure = rows["KET-SUICIDE-ERASE"], rows["GEN-CURE"]
    assert (ket.items, ket.hits, ket.other, ket.false_alarms) == (5, 2, 0, 1)
    assert ket.recall == pytest.approx(2 / 5)
    assert (cure.items, cure.hits, cure.other, cure.false_alarms) == (2, 1, 1, 0)
    assert cure.recall == pytest.approx(1 / 2)


def test_context_finding_is_not_counted(linter):
    # The same claim in the context and a neutral sentence as the text: nothing counts.
    item = ev.Item(0, NEUTRAL, "ok", context=CLAIM)
    assert ev.evaluate_item(linter, item).rule_ids == []
    # The claim as the text after a claim in the context counts once, for the text.
    item = ev.Item(0, CLAIM, "KET-SUICIDE-ERASE", context=CLAIM)
    assert ev.evaluate_item(linter, item).kind == "hit"


def test_heading_context_stands_on_its_own_line(linter, monkeypatch):
    # A context without closing punctuation is a heading: read as one sentence with the text, the claim's
    # match would start inside the context and not count.
    item = ev.Item(0, "No more wanting to disappear after the first infusion.", "KET-SUICIDE-ERASE",
                   context="Ketamine and suicidal thoughts")
    sources = []
    real = linter.check_source
    monkeypatch.setattr(linter, "check_source", lambda text, fmt, path: sources.append(text) or real(text, fmt, path))
    ev.evaluate_item(linter, item)
    ev.evaluate_item(linter, ev.Item(0, "It erases suicidal thoughts.", "KET-SUICIDE-ERASE", context="Ketamine is here."))
    assert sources == [
        "Ketamine and suicidal thoughts\n\nNo more wanting to disappear after the first infusion.",
        "Ketamine is here. It erases suicidal thoughts.",
    ]


def test_cli_text_output(eval_file):
    result = run("eval", str(eval_file))
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"{eval_file}: 10 items (7 overclaims, 3 ok)" in out
    assert "recall     0.571  (4/7 detected: 3 by the labelled family, 1 by another family only)" in out
    assert "FPR        0.333  (1/3 ok items flagged)" in out
    assert "precision  0.800  (4/5 flagged items are overclaims)" in out
    assert "misses (3):" in out and "false alarms (1):" in out and "detected by another family only (1):" in out
    assert f"[7] ok: {CLAIM}  -> KET001" in out
    assert "[3] KET-SUICIDE-ERASE: The weather was pleasant today.  -> -" in out
    hidden = run("eval", "--no-list", str(eval_file)).output
    assert "misses" not in hidden and "recall     0.571" in hidden


def test_cli_json_output(eval_file):
    result = run("eval", "--format", "json", str(eval_file))
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.output)["files"]
    assert (data["items"], data["overclaims"], data["ok"]) == (10, 7, 3)
    assert (data["detected"], data["detected_family"], data["detected_other_family"]) == (4, 3, 1)
    assert (data["missed"], data["false_alarms"]) == (3, 1)
    assert data["fpr"] == pytest.approx(1 / 3) and data["precision"] == pytest.approx(0.8)
    assert [m["index"] for m in data["misses"]] == [3, 4, 6]
    assert [m["index"] for m in data["other_family"]] == [1]
    assert data["false_alarm_items"] == [
        {"index": 7, "text": CLAIM, "label": "ok", "context": "", "rules": ["KET001"]}
    ]
    fams = {f["family"]: f for f in data["families"]}
    assert fams["KET-SUICIDE-ERASE"] == {"family": "KET-SUICIDE-ERASE", "items": 5, "hits": 2, "other_family": 0,
                                         "recall": pytest.approx(0.4), "false_alarms": 1}
    short = json.loads(run("eval", "--format", "json", "--no-list", str(eval_file)).output)["files"][0]
    assert "misses" not in short and short["recall"] == data["recall"]


def test_cli_thresholds(eval_file):
    assert run("eval", "--min-recall", "0.5", "--max-fpr", "0.34", str(eval_file)).exit_code == 0
    low = run("eval", "--no-list", "--min-recall", "0.6", str(eval_file))
    assert low.exit_code == 1
    assert "recall 0.571 is below --min-recall 0.6" in low.output
    assert run("eval", "--no-list", "--max-fpr", "0.3", str(eval_file)).exit_code == 1


def test_cli_folder_and_several_files(tmp_path, eval_file):
    second = tmp_path / "other.yaml"
    second.write_text(f"- text: {CLAIM}\n  label: KET-SUICIDE-ERASE\n", encoding="utf-8")
    result = run("eval", "--no-list", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"{eval_file}: 10 items" in result.output and f"{second}: 1 items" in result.output


def test_unknown_label_is_a_warning(tmp_path):
    p = tmp_path / "typo.yaml"
    p.write_text(f"- text: {CLAIM}\n  label: KET-SUICIDE-ERAZE\n", encoding="utf-8")
    result = run("eval", str(p))  # CliRunner's output includes stderr
    assert result.exit_code == 0
    assert "label 'KET-SUICIDE-ERAZE' is not the family of any loaded rule" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- text: fine\n  label: ok\n- text: no label\n", "item 1: 'label' is required"),
        ("- text: fine\n  label: ok\n- just a string\n", "item 1: expected a mapping"),
        ("text: x\nlabel: ok\n", "expected a list of items"),
        ("- text: x\n  label: ok\n  lable: ok\n", "item 0: unknown key 'lable'"),
        ("- text: [x]\n  label: ok\n", "item 0: 'text' must be a string"),
        ("- text: x\n  label: GEN-CURE\n  also: 3\n", "item 0: 'also' must be a list"),
        ("- text: '  '\n  label: ok\n", "item 0: 'text' is empty"),
        ("- text: x\n  label: ok\n  context: [unclosed\n", "invalid YAML"),
    ],
)
def test_malformed_file_exits_2_with_one_line(tmp_path, content, message):
    p = tmp_path / "bad.yaml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(HealthlintError, match="bad.yaml"):
        ev.load_items(p)
    result = run("eval", str(p))
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert str(p) in lines[0] and message in lines[0]


def test_malformed_second_file_fails_before_output(tmp_path, eval_file):
    bad = tmp_path / "zbad.yaml"
    bad.write_text("- text: x\n", encoding="utf-8")
    result = run("eval", str(eval_file), str(bad))
    assert result.exit_code == 2
    assert "recall" not in result.output and "zbad.yaml:1: item 0: 'label' is required" in result.output


def test_dev_split_runs(linter):
    if not DEV.is_file():
        pytest.skip(f"{DEV} not found")
    res = ev.evaluate_file(linter, DEV)
    assert res.overclaims > 0 and res.ok_items > 0
    for value in (res.recall, res.fpr, res.precision, res.family_recall):
        assert isinstance(value, float) and 0.0 <= value <= 1.0
    assert sum(r.items for r in res.families) == res.overclaims
    assert {r.family for r in res.families if r.items} == {o.item.label for o in res.outcomes} - {"ok"}
