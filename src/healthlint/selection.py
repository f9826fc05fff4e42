"""Which rules report where: select / ignore, severity overrides, excluded paths and per-file ignores."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import regex

from healthlint.config import Config
from healthlint.errors import HealthlintError
from healthlint.model import Finding
from healthlint.rules import Rule, builtin_rules_dir
from healthlint.suppress import matches


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """``--select KET,GEN001 --select doc`` -> ("KET", "GEN001", "doc")."""
    return tuple(s for v in values for s in regex.split(r"[\s,]+", v) if s)


def _check_known(rules: Sequence[Rule], selectors: Sequence[str], where: Callable[[int], str]) -> None:
    for i, sel in enumerate(selectors):
        if not any(matches(sel, r.id, r.name) for r in rules):
            raise HealthlintError(f"{where(i)}: unknown rule or prefix {sel!r} (see `healthlint rules`)")


def rule_dirs(config: Config, cli_dirs: Sequence[Path] = ()) -> list[Path] | None:
    """The rule folders of this run (None: the built-in rules): ``--rules`` or ``rules``, plus ``extend-rules``."""
    base = list(cli_dirs) or list(config.rules or ())
    if not config.extend_rules:
        return base or None
    return [*(base or [builtin_rules_dir()]), *config.extend_rules]


class Selection(NamedTuple):
    """What the config and command line do to findings: select/ignore, severities, per-file ignores.

    Applied to findings rather than to the rule set, so the compiled (and cached) linter is the same
    whatever is selected; unselected rules cost a little matching time and nothing else.
    """

    active: frozenset[str]  # IDs of the rules that report
    rules: dict[str, Rule]  # ID -> rule with its severity overridden, where the config changes it
    config: Config

    def apply(self, findings: Sequence[Finding]) -> list[Finding]:
        out = [f for f in findings if f.rule_id in self.active]
        out = per_file_filter(self.config, out)
        if self.rules:
            out = [
                f.replace(severity=self.rules[f.rule_id].severity, rule=self.rules[f.rule_id])
                if f.rule_id in self.rules else f
                for f in out
            ]
        return out


def select_rules(
    rules: Sequence[Rule], config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> Selection:
    """Resolve select/ignore (command line over config) and severities; unknown rules are errors."""
    if config.select is not None:
        _check_known(rules, config.select, lambda i: config.where("select", i))
    _check_known(rules, config.ignore, lambda i: config.where("ignore", i))
    _check_known(rules, [s for s, _ in config.severity], lambda i: config.where("severity", config.severity[i][0]))
    for glob, sels in config.per_file_ignores:
        _check_known(rules, sels, lambda i, g=glob: config.where("per-file-ignores", g, i))  # type: ignore[misc]
    _check_known(rules, select, lambda i: "--select")
    _check_known(rules, ignore, lambda i: "--ignore")

    chosen = tuple(select) or config.select
    dropped = tuple(ignore) or config.ignore
    active = frozenset(
        r.id for r in rules
        if (chosen is None or any(matches(s, r.id, r.name) for s in chosen))
        and not any(matches(s, r.id, r.name) for s in dropped)
    )
    changed = {r.id: new for r in rules if (new := _with_severity(r, config.severity)) is not r}
    return Selection(active, changed, config)


def _with_severity(rule: Rule, overrides: Sequence[tuple[str, str]]) -> Rule:
    # The most specific selector wins: an exact ID or name over a longer prefix over a shorter one.
    best = max(
        ((len(s) + (100 if s == rule.name or s.upper() == rule.id else 0), sev)
         for s, sev in overrides if matches(s, rule.id, rule.name)),
        default=None,
    )
    return rule if best is None or best[1] == rule.severity else rule.replace(severity=best[1])


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> tuple[regex.Pattern, bool]:
    """A gitignore-style glob as a regex over a relative POSIX path, and whether it names folders only.

    ``*`` and ``?`` stay within one path segment, ``**`` crosses them; a pattern without a slash (other
    than a trailing one) matches at any depth; a pattern that matches a folder matches everything in it.
    """
    dir_only = pattern.endswith("/")
    body = pattern.strip("/")
    anchored = "/" in body or pattern.startswith("/")
    out, i = [], 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        elif body[i] == "[" and "]" in body[i + 2:]:
            j = body.index("]", i + 2)
            inner = body[i + 1:j]
            out.append("[" + ("^" + inner[1:] if inner[:1] == "!" else inner).replace("\\", "\\\\") + "]")
            i = j + 1
        else:
            out.append(regex.escape(body[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return regex.compile(f"{prefix}{''.join(out)}(?P<below>/.*)?"), dir_only


def glob_match(pattern: str, rel: str, is_dir: bool = False) -> bool:
    rx, dir_only = glob_regex(pattern)
    m = rx.fullmatch(rel)
    return m is not None and (not dir_only or is_dir or m.group("below") is not None)


def _relative(path: Path | str, root: Path) -> str | None:
    try:
        rel = os.path.relpath(Path(path).resolve(), root.resolve())
    except ValueError:  # another drive (Windows)
        return None
    rel = Path(rel).as_posix()
    return None if rel.startswith("../") or rel == ".." else rel


def exclude_matcher(config: Config) -> Callable[[Path], bool] | None:
    """A predicate for paths to skip (``exclude``), or None when nothing is excluded."""
    if not config.exclude:
        return None
    root = config.root

    def excluded(path: Path) -> bool:
        rel = _relative(path, root)
        if rel is None or rel == ".":
            return False
        is_dir = path.is_dir()
        return any(glob_match(g, rel, is_dir) for g in config.exclude)

    return excluded


def per_file_filter(config: Config, findings: list[Finding]) -> list[Finding]:
    """Drop findings that ``per-file-ignores`` ignores in their file."""
    if not config.per_file_ignores or not findings:
        return findings
    root = config.root
    cache: dict[str, tuple[str, ...]] = {}

    def ignored_in(path: str) -> tuple[str, ...]:
        if path not in cache:
            rel = _relative(path, root)
            cache[path] = () if rel is None else tuple(
                s for g, sels in config.per_file_ignores if glob_match(g, rel) for s in sels
            )
        return cache[path]

    return [f for f in findings if not any(matches(s, f.rule_id, f.rule.name) for s in ignored_in(f.path))]


def expand(paths: Sequence[str], excluded: Callable[[Path], bool] | None, force_exclude: bool = False) -> list[str]:
    """The files to check: folders walked, skipping ``exclude``; files named on the command line are kept
    unless ``force_exclude`` (as pre-commit names every file). Bad paths pass through for the runner to report."""
    from healthlint.sources import discover

    out: list[str] = []
    for arg in paths:
        walked = arg != "-" and Path(arg).is_dir()
        for display, path, _error in discover([arg]):
            if excluded is not None and path is not None and (walked or force_exclude) and excluded(path):
                continue
            out.append(display if path is not None or _error is not None else arg)
    return out
