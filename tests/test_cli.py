from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main

CLAIM = "Ketamine erases suicidal thoughts in four hours.\n"
HEDGED = (
    "In clinical trials, some patients reported fewer suicidal thoughts within a day.\n\n"
    "Ketamine is not a cure for depression, and its effects usually fade within a week or two.\n\n"
    "If you are in crisis, call or text 988 (US) or your local emergency number.\n"
)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def claim_file(tmp_path: Path) -> Path:
    p = tmp_path / "page.md"
    p.write_text(CLAIM, encoding="utf-8")
    return p


def test_check_reports_finding_with_nuance(claim_file):
    result = run("check", str(claim_file))
    assert result.exit_code == 1
    assert f"{claim_file}:1:10: KET001 error " in result.output
    assert "ref: " in result.output
    assert "No findings" not in result.output


def test_no_nuance_hides_the_nuance(claim_file):
    result = run("check", "--no-nuance", str(claim_file))
    lines = result.output.splitlines()
    assert any(line.startswith(f"{claim_file}:1:10: KET001") for line in lines)
    assert not any(line.startswith("    ") for line in lines)


def test_hedged_accurate_copy_is_clean(tmp_path):
    p = tmp_path / "careful.md"
    p.write_text(HEDGED, encoding="utf-8")
    result = run("check", str(p))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No findings in 1 file")


def test_json_output(claim_file):
    result = run("check", "--format", "json", str(claim_file))
    data = json.loads(result.output)
    ket = [d for d in data if d["rule_id"] == "KET001"]
    assert ket and ket[0]["line"] == 1 and ket[0]["column"] == 10
    assert set(ket[0]) >= {"rule_id", "name", "severity", "path", "line", "column", "message", "nuance", "references"}


def test_fail_on(claim_file):
    assert run("check", "--fail-on", "never", str(claim_file)).exit_code == 0
    assert run("check", "--fail-on", "error", str(claim_file)).exit_code == 1


def test_stdin():
    result = run("check", "-", input=CLAIM)
    assert result.exit_code == 1
    assert "\n-:1:10: KET001" in "\n" + result.output


def test_folder_walk(tmp_path):
    (tmp_path / "a.md").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text(f"<p>{CLAIM}</p>", encoding="utf-8")
    (tmp_path / "skip.py").write_text(CLAIM, encoding="utf-8")
    result = run("check", "--no-nuance", str(tmp_path))
    paths = {line.split(":")[0] for line in result.output.splitlines() if ": KET001" in line}
    assert paths == {str(tmp_path / "a.md"), str(tmp_path / "sub" / "b.html")}


def test_missing_file_is_one_line_and_others_still_checked(claim_file, tmp_path):
    result = CliRunner(mix_stderr=False).invoke(main, ["check", str(tmp_path / "nope.md"), str(claim_file)]) \
        if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner().invoke(
            main, ["check", str(tmp_path / "nope.md"), str(claim_file)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.md'}: no such file or directory" in result.stderr
    assert f"{claim_file}:1:10: KET001" in result.stdout


def test_schema_error_in_rules_dir(tmp_path, claim_file):
    pack = tmp_path / "rules" / "mine"
    pack.mkdir(parents=True)
    (pack / "bad-rule.yaml").write_text(
        "id: MY001\nname: bad-rule\nseverity: critical\nscope: sentence\nmessage: m\n"
        "nuance: n\nreferences: []\npatterns: ['x']\nexamples: {bad: [x], good: [y]}\n",
        encoding="utf-8",
    )
    result = run("check", "--rules", str(tmp_path / "rules"), str(claim_file))
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1
    assert lines[0].startswith(f"healthlint: error: {pack / 'bad-rule.yaml'}:3: severity: ")
    assert "Traceback" not in result.output


def test_rules_listing():
    result = run("rules")
    assert result.exit_code == 0
    rows = result.output.splitlines()
    assert all(re.match(r"[A-Z]{2,5}\d{3}  [a-z0-9-]+  +(error|warning|info) +(sentence|document) ", r) for r in rows)
    data = json.loads(run("rules", "--format", "json").output)
    assert {"id", "name", "severity", "scope", "message"} <= set(data[0])
    assert [row.split()[0] for row in rows] == [d["id"] for d in data]


def test_explain():
    result = run("explain", "KET001")
    assert result.exit_code == 0
    assert result.output.startswith("KET001 ketamine-erases-suicidal-thoughts")
    assert "References:" in result.output and "Flagged:" in result.output
    unknown = run("explain", "NOPE999")
    assert unknown.exit_code == 2


def test_help_has_disclaimer_once():
    out = run("--help").output
    assert out.count("gives no medical advice") == 1


def _console_script() -> str:
    exe = shutil.which("healthlint", path=str(Path(sys.executable).parent)) or shutil.which("healthlint")
    if exe is None:
        pytest.skip("healthlint console script is not installed in this environment")
    return exe


def test_console_script_subprocess(claim_file, tmp_path):
    exe = _console_script()
    proc = subprocess.run(
        [exe, "check", "--no-nuance", str(claim_file)], capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 1, proc.stderr
    assert f"{claim_file}:1:10: KET001 error" in proc.stdout
    assert proc.stderr == ""
