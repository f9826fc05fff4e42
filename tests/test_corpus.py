"""The corpus of sample pages produces exactly the findings listed in corpus/expected.txt.

Read a diff of that file as a precision review when a rule changes. To accept the current output after
reviewing it: ``HEALTHLINT_UPDATE_SNAPSHOT=1 pytest tests/test_corpus.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from healthlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
EXPECTED = CORPUS / "expected.txt"


def actual() -> list[str]:
    result = CliRunner().invoke(main, ["check", "--no-nuance", "--jobs", "1", "corpus"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    rows = []
    for line in result.stdout.splitlines():
        head, sep, rest = line.partition(": ")
        if sep and rest[:1].isupper() and head.startswith("corpus/"):
            rows.append(f"{head}: {rest.split()[0]}")
    return rows


def test_corpus_findings_match_expectations(monkeypatch):
    monkeypatch.chdir(ROOT)
    got = actual()
    if os.environ.get("HEALTHLINT_UPDATE_SNAPSHOT"):
        EXPECTED.write_text(
            "# path:line:col: RULE-ID for every finding on corpus/ (regenerate: see tests/test_corpus.py)\n"
            + "\n".join(got) + "\n",
            encoding="utf-8",
        )
    expected = [line for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    assert not missing and not extra, f"missing: {missing}\nextra: {extra}"
    assert got == expected


def test_every_rule_is_exercised_by_the_corpus(ruleset):
    fired = {line.rsplit(" ", 1)[1] for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}
    unexercised = sorted(r.id for r in ruleset.rules if r.id not in fired)
    assert not unexercised, f"rules with no finding in corpus/: {unexercised}"


def test_careful_pages_stay_clean():
    rows = EXPECTED.read_text(encoding="utf-8")
    for page in ("patient-info-ketamine.md", "spravato-clinic-bayview.md", "exercise-depression-explainer.md"):
        assert f"corpus/{page}:" not in rows, page
