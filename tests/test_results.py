"""The result cache: a file that did not change is not checked again, and the output does not change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint import engine
from healthlint.cli import main

from conftest import ROOT

pytestmark = pytest.mark.result_cache

FLAGGED = "Ketamine erases suicidal thoughts in hours.\n"


def _pages(tmp_path: Path) -> Path:
    """The corpus, plus a page with an unused suppression and one that is not valid UTF-8 (a note)."""
    pages = tmp_path / "pages"
    shutil.copytree(ROOT / "corpus", pages, ignore=shutil.ignore_patterns("eval", "*.txt", "*.yaml"))
    (pages / "unused.md").write_text("<!-- healthlint-disable-next-line KET001 -->\nBook a visit.\n", encoding="utf-8")
    (pages / "latin.txt").write_bytes(b"Caf\xe9 notes. Ketamine is 100% safe.\n")
    return pages


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--report-unused-suppressions", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """Paths the engine checks in this process (run with --jobs 1 to see them all)."""
    seen: list[str] = []
    check = engine.Linter.check_source

    def counting(self, source, fmt, path="-", *args, **kwargs):
        seen.append(path)
        return check(self, source, fmt, path, *args, **kwargs)

    monkeypatch.setattr(engine.Linter, "check_source", counting)
    return seen


def test_a_warm_run_checks_nothing_and_prints_what_a_cold_run_prints(tmp_path, counted):
    pages = _pages(tmp_path)
    reference = _run("--no-cache", "--jobs", "1", str(pages))
    assert reference[0] == 1 and reference[1].count("\n") > 200
    assert "unused.md" in reference[1] + reference[2] and "latin.txt" in reference[2], reference
    checked = len(counted)
    assert _run("--jobs", "1", str(pages)) == reference  # cold: checks and stores
    assert len(counted) == 2 * checked
    assert _run("--jobs", "1", str(pages)) == reference  # warm
    assert len(counted) == 2 * checked
    assert _run("--jobs", "2", "--format", "json", str(pages))[1] == _run("--no-cache", "--format", "json", str(pages))[1]


def test_an_edited_page_is_checked_again_and_the_others_are_not(tmp_path, counted):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (pages / name).write_text(FLAGGED, encoding="utf-8")
    first = _run("--jobs", "1", "--no-nuance", str(pages))[1]
    assert first.count("KET001") == 3
    (pages / "b.md").write_text("Book a visit.\n", encoding="utf-8")
    del counted[:]
    second = _run("--jobs", "1", "--no-nuance", str(pages))[1]
    assert counted == [str(pages / "b.md")]
    assert second.count("KET001") == 2 and "b.md" not in second


def test_a_damaged_entry_is_a_miss(tmp_path, counted):
    from healthlint.cache import load_linter
    from healthlint.results import ResultCache

    page = tmp_path / "page.md"
    page.write_text(FLAGGED, encoding="utf-8")
    first = _run("--jobs", "1", str(page))
    cache = ResultCache.for_linter(load_linter())
    key = cache.key(str(page), "markdown", page)
    entry = cache.folder / key[:2] / key
    assert cache.get(key) is not None
    entry.write_bytes(b"not a pickle")
    assert cache.get(key) is None
    del counted[:]
    assert _run("--jobs", "1", str(page)) == first
    assert counted == [str(page)]


def test_no_cache_neither_reads_nor_stores(tmp_path, counted):
    page = tmp_path / "page.md"
    page.write_text(FLAGGED, encoding="utf-8")
    _run("--no-cache", "--jobs", "1", str(page))
    _run("--no-cache", "--jobs", "1", str(page))
    assert counted == [str(page)] * 2
    _run("--jobs", "1", str(page))  # nothing was stored: checked
    assert len(counted) == 3


def test_a_file_a_rule_ran_out_of_time_on_is_not_cached(tmp_path, counted, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text(FLAGGED, encoding="utf-8")
    monkeypatch.setattr(engine, "TIMEOUT_BASE", 0.0)
    monkeypatch.setattr(engine, "TIMEOUT_PER_MB", 0.0)
    code, _, err = _run("--jobs", "1", str(page))
    assert code == 2 and "ran out of time" in err
    monkeypatch.undo()
    code, out, _ = _run("--jobs", "1", "--no-nuance", str(page))
    assert code == 1 and "KET001" in out
