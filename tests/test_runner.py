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
