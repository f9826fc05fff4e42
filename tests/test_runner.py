"""Parallel checking gives exactly the serial output."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from healthlint.cli import main
from healthlint.runner import PARALLEL_MIN_FILES

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_jobs_2_output_is_byte_identical_to_jobs_1():
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".md", ".html", ".txt"))
    assert len(files) >= PARALLEL_MIN_FILES  # so the worker pool is really used
    outputs = {}
    for fmt in ("text", "json"):
        for jobs in ("1", "2"):
            result = CliRunner().invoke(main, ["check", "--format", fmt, "--jobs", jobs, str(CORPUS)])
            assert result.exit_code == 1, result.output
            outputs[fmt, jobs] = result.stdout_bytes
        assert outputs[fmt, "1"] == outputs[fmt, "2"]
        assert len(outputs[fmt, "1"]) > 10_000


def _one_page_of_the_corpus(tmp_path: Path) -> Path:
    """Every corpus page, as sections of one Markdown page."""
    parts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md")) if p.name != "CLAIMS.md"]
    page = tmp_path / "all.md"
    page.write_text("\n\n".join(parts), encoding="utf-8")
    return page


def test_a_large_file_split_over_jobs_gives_the_serial_output(tmp_path, monkeypatch):
    from healthlint import engine

    page = _one_page_of_the_corpus(tmp_path)
    serial = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", "1", str(page)])
    assert serial.exit_code == 1 and serial.stdout.count('"rule_id"') > 100, serial.output
    calls = []
    split = engine.Linter._check_split

    def counted(self, doc, parts, *args):
        calls.append(len(parts))
        return split(self, doc, parts, *args)

    monkeypatch.setattr(engine, "SPLIT_MIN_CHARS", 1000)
    monkeypatch.setattr(engine.Linter, "_check_split", counted)
    for jobs in ("2", "3"):
        result = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", jobs, str(page)])
        assert result.stdout_bytes == serial.stdout_bytes
    assert calls == [4, 6]  # two runs of sentences per worker


def test_a_split_keeps_only_the_first_trigger_of_a_document_rule(tmp_path, monkeypatch):
    from healthlint import engine
    from healthlint.engine import Linter
    from healthlint.rules import load_rules

    # a treatment page with no supervision statement, far longer than a run: one finding, at the top
    page = "\n\n".join(["Book your ketamine infusion today."] * 400)
    linter = Linter(load_rules())
    serial = [(f.rule_id, f.line) for f in linter.check_source(page, "markdown", "p.md")]
    assert serial == [("DOC001", 1)]
    monkeypatch.setattr(engine, "SPLIT_MIN_CHARS", 1000)
    linter.jobs = 2
    assert [(f.rule_id, f.line) for f in linter.check_source(page, "markdown", "p.md")] == serial


def test_files_checked_in_a_pool_are_not_split_and_the_linter_is_left_serial(monkeypatch):
    from healthlint import engine, runner

    seen = []
    check = engine.Linter.check_prose

    def spy(self, *args, **kwargs):
        seen.append(self.jobs)
        return check(self, *args, **kwargs)

    monkeypatch.setattr(engine.Linter, "check_prose", spy)
    from healthlint.cache import load_linter

    linter = load_linter()
    runner.run(linter, [str(CORPUS / "iv-clinic-harbor.md")], jobs=2)
    assert seen == [2] and linter.jobs == 1
