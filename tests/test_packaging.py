"""The built-in rules ship inside the package: a wheel built from the checkout finds them anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("not running from a checkout")
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (whl,) = out.glob("healthlint-*.whl")
    return whl


def test_wheel_contains_rules_schema_and_vocab(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    rule_files = sorted(n for n in names if n.startswith("healthlint/rules/") and n.endswith(".yaml"))
    assert "healthlint/schema/rule.schema.json" in names
    assert any("/vocab/" in n for n in rule_files)
    expected = len(list((ROOT / "rules").rglob("*.yaml")))
    assert len(rule_files) == expected


def test_wheel_finds_builtin_rules_from_an_unrelated_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.md").write_text("Ketamine erases suicidal thoughts.\n", encoding="utf-8")
    code = (
        "import sys, healthlint.rules as r; d = r.builtin_rules_dir(); "
        "assert str(d).startswith(sys.argv[1]), d; "
        "from healthlint.cli import main; main(['check', '--no-nuance', 'page.md'])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(site)], capture_output=True, text=True, cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(site)},
    )
    assert proc.returncode == 1, proc.stderr
    assert "page.md:1:10: KET001 error" in proc.stdout, proc.stdout
