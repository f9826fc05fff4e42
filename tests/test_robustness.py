"""Never crash, never hang, never lose a finding: bad input, bad rules, hostile rules."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import healthlint.engine
from healthlint.cli import main

CLAIM = "Ketamine erases suicidal thoughts in four hours.\n"


def run(*args: str):
    return CliRunner().invoke(main, ["check", "--no-nuance", "--jobs", "1", *args])


def ket001(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": KET001 " in line]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    p = tmp_path / "good.md"
    p.write_text(CLAIM, encoding="utf-8")
    return p


def test_missing_and_unreadable_files_do_not_stop_the_others(tmp_path, good, monkeypatch):
    locked = tmp_path / "locked.md"
    locked.write_text(CLAIM, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = run(str(tmp_path / "missing.md"), str(locked), str(good))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"healthlint: {tmp_path / 'missing.md'}: no such file or directory",
        f"healthlint: {locked}: Permission denied",
    ]
    assert ket001(result) and ket001(result)[0].startswith(f"{good}:1:10:")


def test_binary_file_is_skipped_with_a_note(tmp_path, good):
    (tmp_path / "image.md").write_bytes(b"\x89PNG\x00\x00" + CLAIM.encode())
    result = run(str(tmp_path / "image.md"), str(good))
    assert result.exit_code == 1  # the other file's finding; a skipped binary is not an error
    assert "image.md: binary file (NUL bytes), skipped" in result.stderr
    assert len(ket001(result)) == 1


def test_invalid_utf8_is_reported_once_and_still_linted(tmp_path):
    p = tmp_path / "broken.txt"
    p.write_bytes("Caf\u00e9 news.\n".encode() + b"\xff\xfe bad bytes \xff.\n" + CLAIM.encode())
    result = run(str(p))
    assert result.stderr.count("invalid UTF-8 at byte 12") == 1
    assert ket001(result)[0].startswith(f"{p}:3:10:")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-16", b""), ("utf-16-be", b"\xfe\xff"), ("utf-8-sig", b""), ("cp1252", b"")],
)
def test_encodings(tmp_path, encoding, prefix):
    p = tmp_path / "page.txt"
    p.write_bytes(prefix + ("Caf\u00e9 \u00e0 la carte.\n" + CLAIM).encode(encoding))
    result = run(str(p))
    assert ket001(result)[0].startswith(f"{p}:2:10:"), result.output


def test_empty_file(tmp_path):
    p = tmp_path / "empty.md"
    p.write_bytes(b"")
    result = run(str(p))
    assert result.exit_code == 0 and result.stdout.startswith("No findings in 1 file")


def test_symlink_loop_and_link_out_of_tree(tmp_path, good):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "page.md").write_text(CLAIM, encoding="utf-8")
    os.symlink(tree, tree / "loop")
    os.symlink(tmp_path, tree / "up")
    result = run(str(tree))
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in ket001(result)] == [str(tree / "page.md")]


def test_long_single_line_is_linear(tmp_path):
    sentence = "Our clinic is open on weekdays and offers parking. "
    p = tmp_path / "line.txt"
    p.write_text(sentence * 20000 + CLAIM.strip() + " " + sentence * 20000, encoding="utf-8")
    result = run(str(p))
    (line,) = ket001(result)
    assert line.startswith(f"{p}:1:{len(sentence) * 20000 + 10}:")


RULE = """\
id: {id}
name: {name}
severity: error
scope: sentence
message: "m"
nuance: "A nuance long enough to satisfy the schema's minimum length rule."
references: [{{title: t, url: "https://example.org"}}]
patterns: ['{pattern}']
examples: {{bad: ["{bad}"], good: ["{good}"]}}
"""


def write_rule(folder: Path, rid: str, name: str, pattern: str, bad: str = "aaa!", good: str = "b") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{name}.yaml"
    p.write_text(RULE.format(id=rid, name=name, pattern=pattern, bad=bad, good=good), encoding="utf-8")
    return p


def test_example_that_its_rule_fails_is_a_load_error(tmp_path, good, monkeypatch):
    monkeypatch.setenv("HEALTHLINT_NO_CACHE", "1")
    p = write_rule(tmp_path / "rules" / "mine", "MY001", "my-rule", "dragon", bad="no such word", good="b")
    result = run("--rules", str(tmp_path / "rules"), str(good))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"healthlint: error: {p}:9: examples.bad[0]: rule MY001 does not flag its bad example"
    )


def test_billion_laughs_is_refused_quickly(tmp_path, good):
    pack = tmp_path / "rules" / "evil"
    pack.mkdir(parents=True)
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join(['*a%d' % (i - 1)] * 9)}]" for i in range(1, 10)]
    (pack / "laughs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    result = run("--rules", str(tmp_path / "rules"), str(good))
    elapsed = time.perf_counter() - start
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"healthlint: error: {pack / 'laughs.yaml'}:1: YAML anchors and aliases are not allowed in healthlint files"
    )
    assert elapsed < 10  # a hang guard, not a speed target: it is refused before anything expands


def test_python_tags_in_rule_files_cannot_run_code(tmp_path, good):
    pack = tmp_path / "rules" / "evil"
    pack.mkdir(parents=True)
    (pack / "tag.yaml").write_text("id: !!python/object/apply:os.system ['touch pwned']\n", encoding="utf-8")
    result = run("--rules", str(tmp_path / "rules"), str(good))
    assert result.exit_code == 2
    assert "invalid YAML" in result.stderr
    assert not Path("pwned").exists()


def test_catastrophic_pattern_times_out_and_other_rules_still_run(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHLINT_NO_CACHE", "1")
    monkeypatch.setattr(healthlint.engine, "TIMEOUT_BASE", 0.5)
    monkeypatch.setattr(healthlint.engine, "TIMEOUT_PER_MB", 0.0)
    rules = tmp_path / "rules"
    write_rule(rules / "evil", "EVIL001", "backtracker", "(a+)+$", bad="aaa", good="aaa!")
    write_rule(rules / "fine", "FINE001", "dragon-claim", "dragons? cures?", bad="dragon cures", good="dragon")
    p = tmp_path / "page.txt"
    p.write_text("Dragon cures everything.\n\n" + "a" * 50000 + "!\n", encoding="utf-8")
    start = time.perf_counter()
    result = run("--rules", str(rules), str(p))
    elapsed = time.perf_counter() - start
    assert result.exit_code == 2
    assert f"{p}:1:1: FINE001 error" in result.stdout
    timeouts = [line for line in result.stderr.splitlines() if "ran out of time" in line]
    assert timeouts == [
        f"healthlint: {p}: rule EVIL001 ran out of time (0.5 s) and was stopped; its findings in this file are incomplete"
    ]
    assert "nested unbounded repeats" in result.stderr  # warned at load time
    assert elapsed < 30  # a hang guard: without the budget this runs for hours


def test_internal_error_is_one_line_and_debug_shows_traceback(good, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(healthlint.engine.Linter, "check_source", boom)
    result = run(str(good))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("healthlint: internal error: RuntimeError: kaboom (rerun with --debug")
    debug = CliRunner().invoke(main, ["--debug", "check", "--jobs", "1", str(good)])
    assert isinstance(debug.exception, RuntimeError)
