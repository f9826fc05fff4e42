from __future__ import annotations

import pytest

from healthlint import suppress
from integration_helpers import CLAIM, run

C = CLAIM


def ket_lines(text: str, fmt: str, path: str = "doc") -> tuple[list[int], list[str]]:
    from healthlint.cache import load_linter

    unused: list[suppress.Unused] = []
    findings = load_linter().check_source(text, fmt, path, None, unused)
    return [f.line for f in findings if f.rule_id == "KET001"], [str(u) for u in unused]


CASES = {
    # name: (format, document, lines of the KET001 findings left)
    "next-line by id": ("markdown", f"<!-- healthlint-disable-next-line KET001 -->\n{C}\n\n{C}\n", [4]),
    "next-line, no ids": ("markdown", f"<!-- healthlint-disable-next-line -->\n{C}\n\n{C}\n", [4]),
    "next-line by prefix": ("markdown", f"<!-- healthlint-disable-next-line KET -->\n{C}\n", []),
    "next-line by name": ("markdown", f"<!--healthlint-disable-next-line ketamine-erases-suicidal-thoughts-->\n{C}\n", []),
    "next-line other rule": ("markdown", f"<!-- healthlint-disable-next-line GEN001 -->\n{C}\n", [2]),
    "next-line is only the next line": ("markdown", f"<!-- healthlint-disable-next-line KET001 -->\n\n{C}\n", [3]),
    "block with ids": ("markdown", f"{C}\n\n<!-- healthlint-disable KET001, GEN002 -->\n\n{C}\n\n{C}\n\n"
                                   f"<!-- healthlint-enable -->\n\n{C}\n", [1, 11]),
    "block, no ids, to the end": ("markdown", f"{C}\n\n<!-- healthlint-disable -->\n\n{C}\n\n{C}\n", [1]),
    "enable by id": ("markdown", f"<!-- healthlint-disable KET001 GEN002 -->\n\n{C}\n\n"
                                 f"<!-- healthlint-enable KET001 -->\n\n{C}\n", [7]),
    "enable other id keeps it off": ("markdown", f"<!-- healthlint-disable KET001 -->\n\n{C}\n\n"
                                                 f"<!-- healthlint-enable GEN002 -->\n\n{C}\n", []),
    "multi-line comment": ("markdown", f"<!--\n  healthlint-disable-next-line\n  KET001\n-->\n{C}\n\n{C}\n", [7]),
    "fenced code does not count": ("markdown", f"```\n<!-- healthlint-disable -->\n```\n\n{C}\n", [5]),
    "html next-line": ("html", f"<!-- healthlint-disable-next-line KET001 -->\n<p>{C}</p>\n<p>{C}</p>\n", [3]),
    "html block": ("html", f"<!-- healthlint-disable KET -->\n<p>{C}</p>\n<!-- healthlint-enable -->\n<p>{C}</p>\n", [4]),
    "text comment": ("text", f"<!-- healthlint-disable-next-line KET001 -->\n{C}\n\n{C}\n", [4]),
    "text hash line": ("text", f"# healthlint-disable-next-line KET001\n{C}\n\n{C}\n", [4]),
    "text bare block": ("text", f"healthlint-disable\n\n{C}\n\nhealthlint-enable\n\n{C}\n", [7]),
    "inline code does not count": ("markdown", f"Write `<!-- healthlint-disable -->` to silence.\n\n{C}\n", [3]),
    "script does not count": ("html", f"<script>/* <!-- healthlint-disable --> */</script>\n<p>{C}</p>\n", [2]),
    "unknown form ignored": ("markdown", f"<!-- healthlint-disable-line KET001 -->\n{C}\n", [2]),
}


@pytest.mark.parametrize("fmt, text, expected", CASES.values(), ids=CASES.keys())
def test_suppression_forms(fmt, text, expected):
    assert ket_lines(text, fmt)[0] == expected


def test_fenced_code_is_skipped_without_reader_comments(monkeypatch):
    monkeypatch.setattr(suppress, "_comment_offsets", lambda fmt, source: None)
    text = f"~~~~\n<!-- healthlint-disable -->\n~~~\n~~~~\n\n{C}\n\n<!-- healthlint-disable -->\n{C}\n"
    assert [d.line for d in suppress.find_directives(text, "markdown")] == [8]


@pytest.mark.parametrize("text, unused", [
    (f"<!-- healthlint-disable-next-line KET001 -->\nDrink water.\n\n{C}\n",
     ["doc:1:1: unused suppression: KET001 in <!-- healthlint-disable-next-line KET001 -->"]),
    (f"<!-- healthlint-disable KET001, GEN002 -->\n\n{C}\n",
     ["doc:1:1: unused suppression: GEN002 in <!-- healthlint-disable KET001, GEN002 -->"]),
    (f"Intro.\n\n  <!-- healthlint-disable -->\n\nDrink water.\n",
     ["doc:3:3: unused suppression: <!-- healthlint-disable -->"]),
    (f"<!-- healthlint-disable-next-line -->\n{C}\n", []),
])
def test_unused_suppressions(text, unused):
    assert ket_lines(text, "markdown")[1] == unused


def test_report_unused_suppressions_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text(f"<!-- healthlint-disable-next-line KET001 -->\nDrink water.\n", encoding="utf-8")
    assert run("check", "--select", "KET001", "p.md").exit_code == 0
    result = run("check", "--select", "KET001", "--report-unused-suppressions", "p.md")
    assert result.exit_code == 1
    assert "p.md:1:1: unused suppression: KET001 in <!-- healthlint-disable-next-line KET001 -->" in result.stdout
    as_json = run("check", "--select", "KET001", "--format", "json", "--report-unused-suppressions", "p.md")
    assert as_json.stdout == "[]\n" and "unused suppression" in as_json.stderr


def test_suppressed_finding_does_not_fail_the_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text(f"<!-- healthlint-disable-next-line KET001 -->\n{C}\n", encoding="utf-8")
    result = run("check", "--select", "KET001", "--report-unused-suppressions", "p.md")
    assert result.exit_code == 0 and result.stdout.startswith("No findings in 1 file")


@pytest.mark.parametrize("selector, expected", [
    ("KET001", True), ("ket001", True), ("KET", True), ("KET00", True), ("K", True), ("ALL", True),
    ("ketamine-erases-suicidal-thoughts", True), ("KET002", False), ("GEN", False), ("erases", False),
])
def test_selector_matching(selector, expected):
    assert suppress.matches(selector, "KET001", "ketamine-erases-suicidal-thoughts") is expected


def test_no_marker_no_work():
    assert suppress.find_directives(f"<!-- just a comment -->\n{C}\n", "markdown") == []
