"""Check a list of paths: discover files, decode them, lint them, collect findings and file errors.

With ``jobs > 1`` files are checked in worker processes (forked, so the compiled rules are shared, not
re-loaded); results are collected in discovery order, so the output is identical to a serial run. When
there are too few files for that, a single large one is split into runs of sentences instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from healthlint.engine import Linter
from healthlint.model import Finding
from healthlint.readers import format_for
from healthlint.results import ResultCache
from healthlint.sources import SkippedFile, SourceError, decode, discover, read_file
from healthlint.suppress import Unused

#: Below this many files (or bytes), worker start-up costs more than it saves.
PARALLEL_MIN_FILES = 8
PARALLEL_MIN_BYTES = 256 * 1024


class FileResult(NamedTuple):
    display: str
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()  # things the user should know; the file was still checked
    error: str | None = None  # the file could not be (fully) checked: exit code 2
    checked: bool = False  # the linter ran on it (possibly with a rule stopped by its time budget)
    unused: tuple[Unused, ...] = ()  # suppression comments that silenced nothing


class Report:
    """What a run found, filled in as the files are checked."""

    __slots__ = ("findings", "files", "errors", "notes", "unused")

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.files = 0
        self.errors: list[str] = []  # "path: cause" lines
        self.notes: list[str] = []
        self.unused: list[Unused] = []


def lint_decoded(linter: Linter, display: str, text: str, fmt: str, notes: tuple[str, ...] = ()) -> FileResult:
    problems: list[str] = []
    unused: list[Unused] = []
    findings = linter.check_source(text, fmt, display, problems, unused)
    return FileResult(display, tuple(findings), notes, "; ".join(problems) or None, checked=True, unused=tuple(unused))


def check_file(linter: Linter, display: str, path: Path) -> FileResult:
    """Lint one file. Never raises for a bad file: the cause is in the result."""
    try:
        decoded = read_file(path)
    except SkippedFile as exc:
        return FileResult(display, notes=(str(exc),))
    except SourceError as exc:
        return FileResult(display, error=str(exc))
    return lint_decoded(linter, display, decoded.text, format_for(path), (decoded.note,) if decoded.note else ())


_worker_linter: Linter | None = None


def _work(item: tuple[str, str]) -> FileResult:
    assert _worker_linter is not None
    return check_file(_worker_linter, item[0], Path(item[1]))


def _parallel(linter: Linter, items: list[tuple[str, Path]], jobs: int) -> Iterable[FileResult] | None:
    """Results of checking ``items`` in worker processes, or None where that is not worth it/possible."""
    global _worker_linter
    if jobs <= 1 or len(items) < 2:
        return None
    if len(items) < PARALLEL_MIN_FILES:
        size = 0
        for _, p in items:
            try:
                size += p.stat().st_size
            except OSError:
                pass
        if size < PARALLEL_MIN_BYTES:
            return None
    import multiprocessing

    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: serial is the honest fallback
        return None
    _worker_linter = linter
    pool = ctx.Pool(min(jobs, len(items)))
    chunk = max(1, min(64, len(items) // (jobs * 8)))

    def results() -> Iterable[FileResult]:
        try:
            yield from pool.imap(_work, [(d, str(p)) for d, p in items], chunksize=chunk)
        finally:
            pool.terminate()

    return results()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _cached(cache: ResultCache, files: list[tuple[str, Path]]) -> tuple[dict[str, FileResult], dict[str, str]]:
    """The results ``cache`` holds for ``files``, by display name, and the key of each file it does not."""
    hits: dict[str, FileResult] = {}
    keys: dict[str, str] = {}
    for display, path in files:
        key = cache.key(display, format_for(path), path)
        if key is None:
            continue
        stored = cache.get(key)
        if stored is None:
            keys[display] = key
        else:
            findings, notes, unused = stored
            hits[display] = FileResult(display, findings, notes, checked=True, unused=unused)
    return hits, keys


def run(
    linter: Linter,
    paths: Iterable[str],
    stdin_filename: str | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    jobs: int = 1,
    cache: ResultCache | None = None,
) -> Report:
    """Check ``paths``; with ``cache``, files whose results it holds are not checked again, and the
    results of the others are added to it."""
    report = Report()
    entries = list(discover(list(paths)))
    files = [(d, p) for d, p, e in entries if p is not None and e is None]
    hits, keys = _cached(cache, files) if cache is not None else ({}, {})
    if hits:
        files = [(d, p) for d, p in files if d not in hits]
    parallel = _parallel(linter, files, jobs)
    done = iter(parallel) if parallel is not None else None
    # files one at a time: a large one may use the processes instead (see engine.SPLIT_MIN_CHARS)
    linter.jobs = jobs if parallel is None else 1
    try:
        for display, path, error in entries:
            if error is not None:
                result = FileResult(display, error=error)
            elif path is None:  # standard input, read here in the parent
                display = stdin_filename or "-"
                try:
                    decoded = decode(sys.stdin.buffer.read())
                    note = (decoded.note,) if decoded.note else ()
                    result = lint_decoded(linter, display, decoded.text, format_for(stdin_filename or "stdin.md"), note)
                except SkippedFile as exc:
                    result = FileResult(display, notes=(str(exc),))
                except SourceError as exc:
                    result = FileResult(display, error=str(exc))
            elif display in hits:
                result = hits[display]
            else:
                result = next(done) if done is not None else check_file(linter, display, path)
                key = keys.get(display)
                if key is not None and result.checked and result.error is None:
                    cache.put(key, result.findings, result.notes, result.unused)
            if on_result is not None:
                on_result(result)
            report.notes.extend(f"{result.display}: {n}" for n in result.notes)
            if result.error:
                report.errors.append(f"{result.display}: {result.error}")
            report.files += result.checked
            report.findings.extend(result.findings)
            report.unused.extend(result.unused)
    finally:
        linter.jobs = 1
    return report
