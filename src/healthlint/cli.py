"""The command line: parses arguments and wires the pieces together."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from healthlint import __version__
from healthlint.command import check as run_check, fail as _fail, failure
from healthlint.errors import EXIT_FINDINGS, EXIT_OK, HealthlintError
from healthlint.formats import DISCLAIMER, FORMATS
from healthlint.ruledocs import LIST_FORMATS, explain as explain_rule
from healthlint.rules import SEVERITIES, RuleSet, load_rules


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


class Group(click.Group):
    """Turns every failure into one line on stderr and exit code 2; --debug shows tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - reported on one line by failure()
            ctx.exit(failure(exc, bool(ctx.obj and ctx.obj.get("debug"))))


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


def _exclusive(config_file: Path | None, isolated: bool) -> None:
    if config_file is not None and isolated:
        raise click.UsageError("--config and --isolated exclude each other")


def _config(config_file: Path | None, isolated: bool):
    from healthlint.config import resolve_config

    _exclusive(config_file, isolated)
    return resolve_config(config_file, isolated)


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
@click.option("--no-cache", is_flag=True,
              help="Check every file again instead of reusing the cached findings of files that did not change.")
def check(paths: tuple[str, ...], rules_dirs: tuple[Path, ...], config_file: Path | None, isolated: bool,
          fmt: str | None, no_nuance: bool, fail_on: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          statistics: bool, force_exclude: bool, report_unused_suppressions: bool, baseline_file: Path | None,
          write_baseline: Path | None, stdin_filename: str | None, jobs: int | None, no_cache: bool) -> None:
    """Check files, folders (walked for .md .markdown .html .htm .txt) or - (standard input)."""
    _exclusive(config_file, isolated)
    params = dict(click.get_current_context().params)  # the parameters above, by the names run_check takes
    sys.exit(run_check(params.pop("paths"), **params))


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
