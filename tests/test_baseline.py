from __future__ import annotations

import json
from pathlib import Path

import pytest

from healthlint import baseline
from integration_helpers import CLAIM, OTHER_CLAIM, run

PAGE = f"# Our clinic\n\nWelcome.\n\n{CLAIM}\n\nBook a consultation.\n"


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text(f"{CLAIM}\n", encoding="utf-8")
    return tmp_path


def check(*args: str):
    return run("check", "--select", "KET001", "--no-nuance", *args, "docs")


def reported(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": KET001 " in line]


def test_write_baseline_exits_0_and_records_no_lines(site):
    result = check("--write-baseline", "hl-baseline.json")
    assert result.exit_code == 0
    assert "wrote 2 findings to the baseline hl-baseline.json" in result.stderr
    data = json.loads((site / "hl-baseline.json").read_text())
    assert [row["path"] for row in data["findings"]] == ["docs/other.md", "docs/page.md"]
    assert all("line" not in row for row in data["findings"])


def test_baseline_hides_known_findings_even_after_moving_a_paragraph(site):
    assert check().exit_code == 1
    check("--write-baseline", "hl-baseline.json")
    assert check("--baseline", "hl-baseline.json").exit_code == 0
    moved = PAGE.replace(f"{CLAIM}\n\n", "") + "\n" + "Filler line.\n\n" * 10 + f"{CLAIM}\n"
    (site / "docs" / "page.md").write_text(moved, encoding="utf-8")
    assert reported(check())[1].startswith("docs/page.md:27:10:")  # it moved down 22 lines
    result = check("--baseline", "hl-baseline.json")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("No findings in 2 files")


def test_a_new_claim_is_reported(site):
    check("--write-baseline", "hl-baseline.json")
    (site / "docs" / "page.md").write_text(PAGE + f"\n{OTHER_CLAIM}\n", encoding="utf-8")
    result = check("--baseline", "hl-baseline.json")
    assert result.exit_code == 1
    assert [line.split(": KET001")[0] for line in reported(result)] == ["docs/page.md:9:23"]


def test_a_repeated_claim_is_new(site):
    check("--write-baseline", "hl-baseline.json")
    (site / "docs" / "other.md").write_text(f"{CLAIM}\n\n{CLAIM}\n", encoding="utf-8")
    result = check("--baseline", "hl-baseline.json")
    assert result.exit_code == 1 and len(reported(result)) == 1


def test_editing_the_sentence_makes_it_new(site):
    check("--write-baseline", "hl-baseline.json")
    (site / "docs" / "other.md").write_text(CLAIM.replace("four", "three") + "\n", encoding="utf-8")
    assert check("--baseline", "hl-baseline.json").exit_code == 1


def test_whitespace_and_case_do_not_change_a_fingerprint(site):
    check("--write-baseline", "hl-baseline.json")
    (site / "docs" / "other.md").write_text("KETAMINE erases suicidal\nthoughts in   four hours.\n", encoding="utf-8")
    assert check("--baseline", "hl-baseline.json").exit_code == 0


@pytest.mark.parametrize("content, expected", [
    ("{not json", "not a healthlint baseline (invalid JSON"),
    ('{"findings": []}', "not a healthlint baseline (write one with --write-baseline)"),
    ('{"healthlint_baseline": 1, "findings": [{"rule_id": "KET001"}]}', "every entry needs a 'fingerprint'"),
])
def test_bad_baseline_is_an_error(site, content, expected):
    (site / "b.json").write_text(content, encoding="utf-8")
    result = check("--baseline", "b.json")
    assert result.exit_code == 2 and expected in result.stderr


def test_missing_baseline_is_an_error(site):
    result = check("--baseline", "nope.json")
    assert result.exit_code == 2 and "nope.json: cannot read the baseline" in result.stderr


@pytest.mark.parametrize("path, expected", [("docs/a.md", "docs/a.md"), ("./docs/a.md", "docs/a.md"), ("-", "-")])
def test_normal_path(path, expected):
    assert baseline.normal_path(path) == expected


def test_absolute_path_below_cwd_is_recorded_relative(site):
    check("--write-baseline", "hl-baseline.json")
    result = run("check", "--select", "KET001", "--baseline", "hl-baseline.json", str(site / "docs"))
    assert result.exit_code == 0, result.stdout
