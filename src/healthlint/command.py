"""``healthlint check`` without click: the command itself, and the guard every command runs under.

A pre-commit hook runs ``healthlint check FILE...`` on every commit, and importing click costs about
as much as the check of a small page. So the command lives here, free of click: :mod:`healthlint.cli`
calls it after click has parsed the arguments, and :mod:`healthlint.entry` calls it directly when the
arguments are the few simple forms it can parse itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from healthlint.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, HealthlintError


def echo(text: str, *, err: bool = False, end: str = "\n") -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + end)
    stream.flush()


def fail(message: str) -> None:
    echo(f"healthlint: {message}", err=True)


def guarded(call: Callable[[], int], debug: bool = False) -> int:
    """Run ``call`` and return its exit code, or :func:`failure`'s for what it raises."""
    try:
        return call()
    except Exception as exc:  # noqa: BLE001 - reported by failure()
        return failure(exc, debug)


def failure(exc: Exception, debug: bool = False) -> int:
    """Report ``exc`` as one line on stderr and return exit code 2; never a traceback, except for an
    internal error with ``debug``. Call it from the ``except`` block that caught ``exc``."""
    if isinstance(exc, HealthlintError):
        fail(f"error: {exc}")
    elif isinstance(exc, BrokenPipeError):
        sys.stderr.close()
    elif debug:
        raise exc
    else:
        fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback; "
             "please report it to the healthlint maintainers with that output)")
    return EXIT_ERROR


def color_wanted(fmt: str) -> bool:
    """Colour only for text on a terminal, never with NO_COLOR (https://no-color.org)."""
    return fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def check(paths: Sequence[str], *, rules_dirs: Sequence[os.PathLike | str] = (), config_file=None,
          isolated: bool = False, fmt: str | None = None, no_nuance: bool = False, fail_on: str | None = None,
          select: Sequence[str] = (), ignore: Sequence[str] = (), statistics: bool = False,
          force_exclude: bool = False, report_unused_suppressions: bool = False, baseline_file=None,
          write_baseline=None, stdin_filename: str | None = None, jobs: int | None = None,
          no_cache: bool = False) -> int:
    """Check ``paths`` and print the report; returns the exit code. The options are those of
    ``healthlint check`` (see its ``--help``)."""
    from healthlint import progress, selection
    from healthlint.cache import load_linter
    from healthlint.config import resolve_config
    from healthlint.formats import FORMATS, statistics as stats_table
    from healthlint.results import ResultCache
    from healthlint.rules import SEVERITIES, SEVERITY_RANK
    from healthlint.runner import default_jobs, run

    cfg = resolve_config(config_file, isolated)
    fmt = fmt or cfg.format or "text"
    fail_on = fail_on or cfg.fail_on or "warning"
    color = color_wanted(fmt)
    known = None
    if baseline_file is not None and write_baseline is None:
        from healthlint.baseline import load

        known = load(baseline_file)  # a bad baseline fails before the files are read
    linter = load_linter(selection.rule_dirs(cfg, tuple(rules_dirs)))
    for warning in linter.ruleset.warnings:
        fail(f"warning: {warning}")
    chosen = selection.select_rules(linter.ruleset.rules, cfg, selection.split_selectors(select),
                                    selection.split_selectors(ignore))
    linter.front_matter_fields = cfg.front_matter_fields
    excluded = selection.exclude_matcher(cfg)
    show_bar = progress.wanted()
    files = selection.expand(paths, excluded, force_exclude) if excluded or show_bar else list(paths)
    with progress.bar(len(files) if show_bar else 0) as on_result:
        report = run(linter, files, stdin_filename, on_result=on_result, jobs=jobs or default_jobs(),
                     cache=None if no_cache else ResultCache.for_linter(linter))
    for line in report.errors + report.notes:
        fail(line)
    findings = chosen.apply(report.findings)
    if write_baseline is not None:
        from healthlint.baseline import write

        count = write(write_baseline, findings)
        fail(f"wrote {count} finding{'s' if count != 1 else ''} to the baseline {write_baseline}")
        return EXIT_ERROR if report.errors else EXIT_OK
    if known is not None:
        from healthlint.baseline import new_findings

        findings = new_findings(findings, known)
    if statistics:
        echo(stats_table(findings, as_json=fmt == "json"), end="")
    else:
        echo(FORMATS[fmt](findings, report.files, nuance=not no_nuance, color=color), end="")
    unused = report.unused if report_unused_suppressions else []
    for item in unused:  # findings-like lines; on stderr when stdout carries JSON or SARIF
        echo(str(item), err=fmt in ("json", "sarif"))
    if report.errors:
        return EXIT_ERROR
    threshold = SEVERITY_RANK.get(fail_on, len(SEVERITIES))
    failed = any(f.rule.rank >= threshold for f in findings) or bool(unused)
    return EXIT_FINDINGS if failed else EXIT_OK
