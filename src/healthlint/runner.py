"""Check a list of paths: discover files, decode them, lint them, collect findings and file errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from healthlint.engine import Linter
from healthlint.model import Finding
from healthlint.readers import format_for
from healthlint.sources import SourceError, decode, discover, read_file


@dataclass(frozen=True, slots=True)
class FileResult:
    display: str
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()  # things the user should know; the file was still checked
    error: str | None = None  # the file could not be checked


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    errors: list[str] = field(default_factory=list)  # "path: cause" lines
    notes: list[str] = field(default_factory=list)


def check_file(linter: Linter, display: str, path: Path | None, stdin_filename: str | None = None) -> FileResult:
    """Lint one file (``path`` None: standard input). Never raises for a bad file."""
    try:
        if path is None:
            decoded = decode(sys.stdin.buffer.read())
            fmt = format_for(stdin_filename or "stdin.md")
        else:
            decoded = read_file(path)
            fmt = format_for(path)
    except SourceError as exc:
        return FileResult(display, error=str(exc))
    findings = linter.check_source(decoded.text, fmt, display)
    return FileResult(display, tuple(findings), (decoded.note,) if decoded.note else ())


def run(
    linter: Linter,
    paths: Iterable[str],
    stdin_filename: str | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> Report:
    report = Report()
    for display, path, error in discover(list(paths)):
        if path is None and error is None:
            display = stdin_filename or "-"
        result = FileResult(display, error=error) if error else check_file(linter, display, path, stdin_filename)
        if on_result is not None:
            on_result(result)
        if result.error:
            report.errors.append(f"{result.display}: {result.error}")
            continue
        report.files += 1
        report.notes.extend(f"{result.display}: {n}" for n in result.notes)
        report.findings.extend(result.findings)
    return report
