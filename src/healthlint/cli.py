"""The command line: parses arguments and wires the pieces together."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from healthlint import __version__
from healthlint.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, HealthlintError
from healthlint.formats import DISCLAIMER, FORMATS
from healthlint.ruledocs import LIST_FORMATS, explain as explain_rule
from healthlint.rules import SEVERITIES, SEVERITY_RANK, RuleSet, load_rules


HELP = f"""Fact-check linter for health claims in marketing copy.

{DISCLAIMER}

\b
Exit codes: 0 no findings at or above --fail-on, 1 findings (or unused suppressions with
--report-unused-suppressions), 2 usage, config, rule or file error.
"""

rules_option = click.option(
    "--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="Load rule packs from this folder instead of the built-in ones (repeatable).",
)


def _ruleset(rules_dirs: tuple[Path, ...], config_file: Path | None = None, isolated: bool = False) -> RuleSet:
    from healthlint.selection import rule_dirs

    return load_rules(rule_dirs(_config(config_file, isolated), rules_dirs))


def _fail(message: str) -> None:
    click.echo(f"healthlint: {message}", err=True)


class Group(click.Group):
    """Turns every failure into one line on stderr and exit code 2; --debug shows tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except HealthlintError as exc:
            _fail(f"error: {exc}")
            ctx.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(EXIT_ERROR)
        except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback; "
                  "please report it to the healthlint maintainers with that output)")
            ctx.exit(EXIT_ERROR)


@click.group(cls=Group, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    ctx.obj = {"debug": debug}


config_options = [
    click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="Use this config file (.healthlint.yaml or pyproject.toml) instead of the nearest one."),
    click.option("--isolated", is_flag=True, help="Ignore every config file."),
]


def with_config(fn):
    for option in reversed(config_options):
        fn = option(fn)
    return fn


def _config(config_file: Path | None, isolated: bool):
    from healthlint.config import resolve_config

    if config_file is not None and isolated:
        raise click.UsageError("--config and --isolated exclude each other")
    return resolve_config(config_file, isolated)


def _color(fmt: str) -> bool:
    """Colour only for text on a terminal, never with NO_COLOR (https://no-color.org)."""
    return fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@rules_option
@with_config
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
              help="Output format  [default: text, or the config's format]")
@click.option("--no-nuance", is_flag=True, help="Text format: hide the nuance and reference lines.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "never"]), default=None,
              help="Lowest severity that makes the exit code 1  [default: warning, or the config's fail-on]")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules: IDs, prefixes or names, comma-separated (replaces the config's select).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Turn these rules off (replaces the config's ignore).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--force-exclude", is_flag=True, help="Apply the config's exclude to files named on the command line too.")
@click.option("--report-unused-suppressions", is_flag=True,
              help="Report suppression comments that silenced nothing (and exit 1 if there are any).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Record the current findings in this file and exit 0.")
@click.option("--stdin-filename", default=None, help="Name (and so format) to report for standard input.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores). Output order does not depend on it.")
def check(paths: tuple[str, ...], rules_dirs: tuple[Path, ...], config_file: Path | None, isolated: bool,
          fmt: str | None, no_nuance: bool, fail_on: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          statistics: bool, force_exclude: bool, report_unused_suppressions: bool, baseline_file: Path | None,
          write_baseline: Path | None, stdin_filename: str | None, jobs: int | None) -> None:
    """Check files, folders (walked for .md .markdown .html .htm .txt) or - (standard input)."""
    from healthlint import progress, selection
    from healthlint.cache import load_linter
    from healthlint.formats import statistics as stats_table
    from healthlint.runner import default_jobs, run

    cfg = _config(config_file, isolated)
    fmt = fmt or cfg.format or "text"
    fail_on = fail_on or cfg.fail_on or "warning"
    color = _color(fmt)
    known = None
    if baseline_file is not None and write_baseline is None:
        from healthlint.baseline import load

        known = load(baseline_file)  # a bad baseline fails before the files are read
    linter = load_linter(selection.rule_dirs(cfg, rules_dirs))
    for warning in linter.ruleset.warnings:
        _fail(f"warning: {warning}")
    chosen = selection.select_rules(linter.ruleset.rules, cfg, selection.split_selectors(select),
                                    selection.split_selectors(ignore))
    linter.front_matter_fields = cfg.front_matter_fields
    excluded = selection.exclude_matcher(cfg)
    show_bar = progress.wanted()
    files = selection.expand(paths, excluded, force_exclude) if excluded or show_bar else list(paths)
    with progress.bar(len(files) if show_bar else 0) as on_result:
        report = run(linter, files, stdin_filename, on_result=on_result, jobs=jobs or default_jobs())
    for line in report.errors + report.notes:
        _fail(line)
    findings = chosen.apply(report.findings)
    if write_baseline is not None:
        from healthlint.baseline import write

        count = write(write_baseline, findings)
        _fail(f"wrote {count} finding{'s' if count != 1 else ''} to the baseline {write_baseline}")
        sys.exit(EXIT_ERROR if report.errors else EXIT_OK)
    if known is not None:
        from healthlint.baseline import new_findings

        findings = new_findings(findings, known)
    if statistics:
        click.echo(stats_table(findings, as_json=fmt == "json"), nl=False)
    else:
        click.echo(FORMATS[fmt](findings, report.files, nuance=not no_nuance, color=color), nl=False, color=color)
    unused = report.unused if report_unused_suppressions else []
    for item in unused:  # findings-like lines; on stderr when stdout carries JSON or SARIF
        click.echo(str(item), err=fmt in ("json", "sarif"))
    if report.errors:
        sys.exit(EXIT_ERROR)
    threshold = SEVERITY_RANK.get(fail_on, len(SEVERITIES))
    failed = any(f.rule.rank >= threshold for f in findings) or bool(unused)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), default=Path(".healthlint.yaml"))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a commented starter config (default: .healthlint.yaml)."""
    from healthlint.config import write_starter

    write_starter(path, force)
    click.echo(f"Wrote {path}. Edit it, then run: healthlint check .")


@main.command("rules")
@rules_option
@with_config
@click.option("--format", "fmt", type=click.Choice(sorted(LIST_FORMATS)), default="text", show_default=True)
def list_rules(rules_dirs: tuple[Path, ...], config_file: Path | None, isolated: bool, fmt: str) -> None:
    """List the rules, one a line: ID, name, severity, scope, message."""
    click.echo(LIST_FORMATS[fmt](_ruleset(rules_dirs, config_file, isolated).rules), nl=False)


@main.command()
@click.argument("rule")
@rules_option
@with_config
def explain(rule: str, rules_dirs: tuple[Path, ...], config_file: Path | None, isolated: bool) -> None:
    """Show one rule in full: nuance, references, examples."""
    found = _ruleset(rules_dirs, config_file, isolated).by_id(rule)
    if found is None:
        raise HealthlintError(f"no rule {rule!r} (see `healthlint rules`)")
    click.echo(explain_rule(found), nl=False)


@main.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--no-list", is_flag=True, help="Hide the lists of misses and false alarms.")
@click.option("--min-recall", type=click.FloatRange(0, 1), default=None, help="Exit 1 if a file's recall is lower.")
@click.option("--max-fpr", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 if a file's false-positive rate is higher.")
def eval_(paths: tuple[Path, ...], rules_dirs: tuple[Path, ...], fmt: str, no_list: bool,
          min_recall: float | None, max_fpr: float | None) -> None:
    """Measure recall, false-positive rate and precision on labelled evaluation files (or folders of them)."""
    import json

    from healthlint import evaluate as ev
    from healthlint.cache import load_linter

    splits = [(str(p), ev.load_items(p)) for p in ev.expand_paths(list(paths))]
    linter = load_linter(list(rules_dirs) or None)
    results = [ev.evaluate_items(linter, items, path) for path, items in splits]
    for label in ev.unknown_labels(linter, results):
        _fail(f"warning: label {label!r} is not the family of any loaded rule")
    if fmt == "json":
        click.echo(json.dumps({"files": [r.to_dict(lists=not no_list) for r in results]}, indent=2))
    else:
        click.echo(ev.format_text(results, lists=not no_list), nl=False)
    failed = ev.thresholds_missed(results, min_recall, max_fpr)
    for line in failed:
        _fail(line)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)
