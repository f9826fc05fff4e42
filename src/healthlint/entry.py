"""The ``healthlint`` program: a fast path for the common ``check`` forms, click for everything else.

A pre-commit hook runs ``healthlint check [--force-exclude] FILE...`` on every commit. Importing
click costs about a sixth of such a run, so :func:`parse_check` reads the simple forms of ``check``
itself: flags, and options whose values it can validate exactly as click does. Any other argument
list (another command, ``--help``, ``--rules``, ``--config``, a value click would reject, ``--``) goes
to the click command line in :mod:`healthlint.cli` untouched, which prints the usage errors. A test
holds the two parsers to the same result on every form this one accepts.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

#: flag -> the ``check`` parameter it sets
_FLAGS = {
    "--isolated": "isolated",
    "--no-nuance": "no_nuance",
    "--statistics": "statistics",
    "--force-exclude": "force_exclude",
    "--report-unused-suppressions": "report_unused_suppressions",
    "--no-cache": "no_cache",
}
#: option -> (parameter, repeatable, allowed values or None for any)
_OPTIONS: dict[str, tuple[str, bool, tuple[str, ...] | None]] = {
    "--format": ("fmt", False, ("github", "json", "sarif", "text")),
    "--fail-on": ("fail_on", False, ("info", "warning", "error", "never")),
    "--select": ("select", True, None),
    "--ignore": ("ignore", True, None),
    "--stdin-filename": ("stdin_filename", False, None),
    "--jobs": ("jobs", False, None),
    "-j": ("jobs", False, None),
}


def defaults() -> dict[str, Any]:
    """What click passes to ``check`` for an option not given."""
    return {
        "paths": (), "rules_dirs": (), "config_file": None, "isolated": False, "fmt": None, "no_nuance": False,
        "fail_on": None, "select": (), "ignore": (), "statistics": False, "force_exclude": False,
        "report_unused_suppressions": False, "baseline_file": None, "write_baseline": None,
        "stdin_filename": None, "jobs": None, "no_cache": False,
    }


def parse_check(argv: Sequence[str]) -> dict[str, Any] | None:
    """The ``check`` parameters for ``argv``, or None where click must parse it."""
    if not argv or argv[0] != "check":
        return None
    params = defaults()
    paths: list[str] = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        if arg in _FLAGS:
            params[_FLAGS[arg]] = True
            continue
        name, eq, value = arg.partition("=")
        if name not in _OPTIONS or (eq and not name.startswith("--")):
            return None
        if not eq:
            value = next(args, None)
            if value is None:
                return None
        key, repeatable, choices = _OPTIONS[name]
        if value.startswith("-") or (choices is not None and value not in choices):
            return None
        if key == "jobs":
            if not (value.isascii() and value.isdigit()) or int(value) < 1:
                return None
            params[key] = int(value)
        elif repeatable:
            params[key] += (value,)
        else:
            params[key] = value
    if not paths:
        return None
    params["paths"] = tuple(paths)
    return params


def main(argv: Sequence[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    params = parse_check(args)
    if params is None:
        from healthlint.cli import main as cli

        cli.main(args=argv, prog_name=None if argv is None else "healthlint")
        return
    from healthlint.command import check, guarded

    paths = params.pop("paths")
    try:
        code = guarded(lambda: check(paths, **params))
    except KeyboardInterrupt:  # as click reports it
        sys.stderr.write("\nAborted!\n")
        code = 1
    sys.exit(code)
