"""The fast path of the ``healthlint`` program must parse ``check`` exactly as click does, or hand over."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from healthlint import entry
from healthlint.cli import check as check_command, main as cli_main

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def click_params(args: list[str]) -> dict | None:
    """The parameters click passes to ``check`` for ``args``, or None if click rejects them."""
    try:
        ctx = check_command.make_context("check", list(args))
    except click.exceptions.Exit:
        return None
    except click.ClickException:
        return None
    return dict(ctx.params)


ACCEPTED = [
    ["check", "page.md"],
    ["check", "-"],
    ["check", "--force-exclude", "a.md", "b.html"],
    ["check", "a.md", "--jobs", "2"],
    ["check", "-j", "3", "a.md"],
    ["check", "--jobs=4", "a.md", "--jobs", "1"],
    ["check", "--format", "json", "--fail-on", "error", "docs"],
    ["check", "--format=sarif", "--fail-on=never", "docs"],
    ["check", "--select", "KET,GEN001", "--select", "MECH", "--ignore", "DOC003", "x.txt"],
    ["check", "--no-nuance", "--statistics", "--isolated", "--report-unused-suppressions", "x"],
    ["check", "--stdin-filename", "page.html", "-"],
    ["check", "--no-nuance", "--no-nuance", "x"],
]

HANDED_OVER = [
    [],
    ["check"],
    ["--version"],
    ["--debug", "check", "x"],
    ["check", "--help"],
    ["check", "-h", "x"],
    ["rules"],
    ["check", "--rules", "myrules", "x"],
    ["check", "--config", "c.yaml", "x"],
    ["check", "--baseline", "b.json", "x"],
    ["check", "--jobs", "0", "x"],
    ["check", "--jobs", "two", "x"],
    ["check", "--jobs", "٣", "x"],
    ["check", "-j3", "x"],
    ["check", "--format", "JSON", "x"],
    ["check", "--fail-on", "fatal", "x"],
    ["check", "--format", "x"],
    ["check", "--select"],
    ["check", "--", "-odd-name.md"],
    ["check", "--no-nuance=1", "x"],
    ["check", "--jobs"],
    ["check", "--bogus", "x"],
]


@pytest.mark.parametrize("argv", ACCEPTED, ids=" ".join)
def test_accepted_forms_parse_as_click_parses_them(argv):
    fast = entry.parse_check(argv)
    assert fast is not None
    assert fast == click_params(argv[1:])


@pytest.mark.parametrize("argv", HANDED_OVER, ids=lambda a: " ".join(a) or "(none)")
def test_other_forms_go_to_click(argv):
    assert entry.parse_check(argv) is None


def test_random_argument_lists_never_disagree_with_click():
    tokens = ["a.md", "-", "dir", "--jobs", "-j", "2", "0", "x", "--format", "json", "text", "JSON", "--fail-on",
              "info", "--select", "KET", "--ignore", "GEN001", "--stdin-filename", "--no-nuance", "--statistics",
              "--isolated", "--force-exclude", "--jobs=3", "--format=github", "--fail-on=", "--", "-q", "--rules"]
    rng = random.Random(8)
    accepted = 0
    for _ in range(3000):
        argv = ["check", *rng.choices(tokens, k=rng.randint(0, 6))]
        fast = entry.parse_check(argv)
        if fast is not None:
            accepted += 1
            assert fast == click_params(argv[1:]), argv
    assert accepted > 300  # the generator must exercise the fast path, not only the hand-over


def test_option_tables_match_the_click_command():
    params = {p.name: p for p in check_command.params}
    for name, (key, repeatable, choices) in entry._OPTIONS.items():
        param = params[key]
        assert name in param.opts + param.secondary_opts
        assert param.multiple is repeatable
        if choices is not None:
            assert sorted(choices) == sorted(param.type.choices)
    for name, key in entry._FLAGS.items():
        assert params[key].is_flag and name in params[key].opts
    assert set(entry.defaults()) == set(params)
    assert entry.defaults() == {k: v for k, v in click_params(["x"]).items() if k != "paths"} | {"paths": ()}


def run_entry(tmp_path, *args, cwd=None):
    code = ("import sys\nfrom healthlint.entry import main\ntry:\n    main(sys.argv[1:])\nfinally:\n"
            "    print('CLICK' if 'click' in sys.modules else 'NO-CLICK', file=sys.stderr)\n")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=cwd or tmp_path)


def test_fast_path_output_and_exit_code_equal_the_click_command(tmp_path):
    args = ["check", "--jobs", "1", str(CORPUS)]
    fast = run_entry(tmp_path, *args)
    slow = CliRunner().invoke(cli_main, args)
    assert fast.stderr.splitlines()[-1] == "NO-CLICK"
    assert fast.returncode == slow.exit_code == 1
    assert fast.stdout == slow.stdout
    assert "Found" in fast.stdout


def test_fast_path_reports_a_config_error_on_one_line(tmp_path):
    (tmp_path / ".healthlint.yaml").write_text("fail-on: loudest\n", encoding="utf-8")
    (tmp_path / "page.md").write_text("Plain text.\n", encoding="utf-8")
    result = run_entry(tmp_path, "check", "page.md")
    lines = result.stderr.splitlines()
    assert result.returncode == 2
    assert lines[-1] == "NO-CLICK"
    assert len(lines) == 2 and lines[0].startswith("healthlint: error: ") and ".healthlint.yaml" in lines[0]


def test_hand_over_keeps_click_usage_errors(tmp_path):
    result = run_entry(tmp_path, "check", "--jobs", "0", "page.md")
    assert result.returncode == 2
    assert "Invalid value for '--jobs'" in result.stderr
    assert result.stderr.splitlines()[-1] == "CLICK"
