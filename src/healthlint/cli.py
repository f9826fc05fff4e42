"""The command line: parses arguments and wires the pieces together."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from healthlint import __version__
from healthlint.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, HealthlintError
from healthlint.formats import DISCLAIMER, FORMATS
from healthlint.ruledocs import LIST_FORMATS, explain as explain_rule
from healthlint.rules import SEVERITIES, SEVERITY_RANK, RuleSet, load_rules

REPORT_URL = "https://github.com/healthlint/healthlint/issues"

HELP = f"""Fact-check linter for health claims in marketing copy.

{DISCLAIMER}

\b
Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage, config or rule error.
"""

rules_option = click.option(
    "--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="Load rule packs from this folder instead of the built-in ones (repeatable).",
)


def _ruleset(rules_dirs: tuple[Path, ...]) -> RuleSet:
    return load_rules(list(rules_dirs) or None)


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
                  f"report it at {REPORT_URL})")
            ctx.exit(EXIT_ERROR)


@click.group(cls=Group, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("paths", nargs=-1, required=True)
@rules_option
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--no-nuance", is_flag=True, help="Text format: hide the nuance and reference lines.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "never"]), default="warning", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--stdin-filename", default=None, help="Name (and so format) to report for standard input.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores). Output order does not depend on it.")
def check(paths: tuple[str, ...], rules_dirs: tuple[Path, ...], fmt: str, no_nuance: bool, fail_on: str,
          stdin_filename: str | None, jobs: int | None) -> None:
    """Check files, folders (walked for .md .markdown .html .htm .txt) or - (standard input)."""
    from healthlint.cache import load_linter
    from healthlint.runner import default_jobs, run

    report = run(load_linter(list(rules_dirs) or None), paths, stdin_filename, jobs=jobs or default_jobs())
    for line in report.errors + report.notes:
        _fail(line)
    click.echo(FORMATS[fmt](report.findings, report.files, nuance=not no_nuance), nl=False)
    if report.errors:
        sys.exit(EXIT_ERROR)
    threshold = SEVERITY_RANK.get(fail_on, len(SEVERITIES))
    sys.exit(EXIT_FINDINGS if any(f.rule.rank >= threshold for f in report.findings) else EXIT_OK)


@main.command("rules")
@rules_option
@click.option("--format", "fmt", type=click.Choice(sorted(LIST_FORMATS)), default="text", show_default=True)
def list_rules(rules_dirs: tuple[Path, ...], fmt: str) -> None:
    """List the rules, one a line: ID, name, severity, scope, message."""
    click.echo(LIST_FORMATS[fmt](_ruleset(rules_dirs).rules), nl=False)


@main.command()
@click.argument("rule")
@rules_option
def explain(rule: str, rules_dirs: tuple[Path, ...]) -> None:
    """Show one rule in full: nuance, references, examples."""
    found = _ruleset(rules_dirs).by_id(rule)
    if found is None:
        raise HealthlintError(f"no rule {rule!r} (see `healthlint rules`)")
    click.echo(explain_rule(found), nl=False)
