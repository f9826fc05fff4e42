"""The compiled-rule cache: reused when nothing changed, invalidated by any edit to a rule file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main

RULE = """\
id: MY001
name: dragon-claim
severity: error
scope: sentence
message: "{message}"
nuance: "A nuance long enough to satisfy the schema's minimum length rule."
references: [{{title: t, url: "https://example.org"}}]
patterns: ['dragons? cures?']
examples: {{bad: ["A dragon cures it."], good: ["A dragon."]}}
"""


def check(rules: Path, page: Path) -> str:
    result = CliRunner().invoke(main, ["check", "--no-nuance", "--jobs", "1", "--rules", str(rules), str(page)])
    assert result.exit_code == 1, result.output
    return result.stdout.splitlines()[0]


@pytest.fixture
def setup(tmp_path, monkeypatch) -> tuple[Path, Path, Path]:
    """A cache folder, a one-rule pack and a page it flags: (cache, rule file, page)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(cache))
    monkeypatch.delenv("HEALTHLINT_NO_CACHE", raising=False)
    rule = tmp_path / "rules" / "mine" / "dragon-claim.yaml"
    rule.parent.mkdir(parents=True)
    page = tmp_path / "page.txt"
    page.write_text("Our dragon cures everything.\n", encoding="utf-8")
    return cache, rule, page


def test_edit_to_a_rule_file_invalidates_the_cache(tmp_path, setup):
    cache, rule, page = setup
    rule.write_text(RULE.format(message="first wording"), encoding="utf-8")
    assert check(tmp_path / "rules", page).endswith("MY001 error first wording")
    (entry,) = cache.glob("rules-*.pickle")
    assert check(tmp_path / "rules", page).endswith("MY001 error first wording")  # served from the cache
    assert list(cache.glob("rules-*.pickle")) == [entry]

    rule.write_text(RULE.format(message="second wording"), encoding="utf-8")
    assert check(tmp_path / "rules", page).endswith("MY001 error second wording")
    assert len(list(cache.glob("rules-*.pickle"))) == 2


def test_a_changed_rule_set_reuses_the_compiled_patterns_of_unchanged_rules(tmp_path, setup, monkeypatch):
    from healthlint import rules

    cache, rule, page = setup
    rule.write_text(RULE.format(message="first wording"), encoding="utf-8")
    check(tmp_path / "rules", page)
    (store,) = cache.glob("patterns-*.pickle")
    # a fresh process: nothing memoised; the pack's message changes, so the rule-set entry misses
    monkeypatch.setattr(rules, "compiled_store", {})
    monkeypatch.setattr(rules, "compiled_used", {})
    rules.compile_with_lists.cache_clear()
    compiled = []
    real = rules.regex.compile
    monkeypatch.setattr(rules.regex, "compile", lambda *a, **k: compiled.append(a[0]) or real(*a, **k))
    rule.write_text(RULE.format(message="second wording"), encoding="utf-8")
    assert check(tmp_path / "rules", page).endswith("MY001 error second wording")
    assert len(list(cache.glob("rules-*.pickle"))) == 2
    assert [p.pattern for p in rules.compiled_used.values()] == ["dragons? cures?"]
    assert "dragons? cures?" not in compiled  # unpickled from the store, not compiled again
    rules.compile_with_lists.cache_clear()


def test_settled_rule_files_are_keyed_by_size_and_time_until_they_change(tmp_path, setup, monkeypatch):
    from healthlint import cache as module

    cache, rule, page = setup
    rule.write_text(RULE.format(message="first wording"), encoding="utf-8")
    old = rule.stat().st_mtime_ns - 3_600_000_000_000
    os.utime(rule, ns=(old, old))  # last edited an hour ago
    assert check(tmp_path / "rules", page).endswith("MY001 error first wording")
    assert len(list(cache.glob("index-*"))) == 1

    hashed = []
    real = module._digest_tree
    monkeypatch.setattr(module, "_digest_tree", lambda h, d, s, by_content=True: hashed.append(by_content) or real(h, d, s, by_content))
    assert check(tmp_path / "rules", page).endswith("MY001 error first wording")
    assert True not in hashed  # the remembered content key: no rule file was read

    rule.write_text(RULE.format(message="other wording"), encoding="utf-8")  # same size, new time
    assert check(tmp_path / "rules", page).endswith("MY001 error other wording")
    assert True in hashed


def test_rule_files_edited_just_now_are_always_hashed(tmp_path, setup):
    cache, rule, page = setup
    rule.write_text(RULE.format(message="first wording"), encoding="utf-8")
    check(tmp_path / "rules", page)
    check(tmp_path / "rules", page)
    assert not list(cache.glob("index-*"))  # another edit within the clock's resolution could hide


def test_corrupt_cache_entry_is_a_miss(tmp_path, setup):
    cache, rule, page = setup
    rule.write_text(RULE.format(message="cached"), encoding="utf-8")
    check(tmp_path / "rules", page)
    (entry,) = cache.glob("rules-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert check(tmp_path / "rules", page).endswith("MY001 error cached")


def test_a_cached_rule_unpacks_every_lazy_field_whichever_is_read_first():
    # the cache keeps each rule's patterns, examples and source packed until first use; reading a field
    # that has a default (context, bad, ...) first must still unpack the real values
    import pickle

    from healthlint.engine import Linter
    from healthlint.rules import load_rules

    fresh = Linter(load_rules()).rules
    fields = ("context", "requires", "waived_by", "exceptions", "patterns", "bad", "good", "source")
    for first in fields:
        cached = pickle.loads(pickle.dumps(fresh, pickle.HIGHEST_PROTOCOL))
        # pickled again while still packed (a cached linter sent to a worker process)
        cached = pickle.loads(pickle.dumps(cached, pickle.HIGHEST_PROTOCOL))
        for a, b in zip(fresh, cached):
            getattr(b, first)
            for name in fields:
                x, y = getattr(a, name), getattr(b, name)
                if name in ("patterns", "exceptions", "context", "requires", "waived_by"):
                    x, y = [p.pattern for p in x], [p.pattern for p in y]
                assert x == y, (a.id, first, name)


def test_code_is_keyed_by_size_and_time_and_rules_by_content(tmp_path):
    from healthlint.cache import _digest_tree, blake2b

    (tmp_path / "sub").mkdir()
    code = tmp_path / "sub" / "mod.py"
    code.write_text("x = 1\n")
    (tmp_path / "notes.txt").write_text("not hashed")

    def digest(by_content: bool) -> str:
        h = blake2b()
        _digest_tree(h, str(tmp_path), (".py",), by_content=by_content)
        return h.hexdigest()

    before = digest(False), digest(True)
    (tmp_path / "notes.txt").write_text("changed, but not a .py file")
    assert (digest(False), digest(True)) == before
    os.utime(code, ns=(1, 1))  # same bytes, another modification time
    assert digest(False) != before[0] and digest(True) == before[1]
    code.write_text("x = 2\n")  # same size, other bytes
    assert digest(True) != before[1]


def test_a_cached_rule_set_maps_its_packed_patterns_and_still_pickles(tmp_path, monkeypatch):
    import pickle

    from healthlint import cache as module

    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("HEALTHLINT_NO_CACHE", raising=False)
    module.load_linter()  # a miss: compiles and writes the entry
    linter = module.load_linter()  # served from the entry
    packed = [blob for r in linter.rules for blob in r.__dict__["_packed_patterns"].values()]
    assert packed and all(isinstance(blob, memoryview) for blob in packed)  # views of the file, not copies
    for protocol in (4, 5):  # e.g. a finding's rule sent back from a worker process
        again = pickle.loads(pickle.dumps(linter, protocol))
        assert [r.id for r in again.rules] == [r.id for r in linter.rules]
        assert [p.pattern for p in again.rules[0].patterns] == [p.pattern for p in linter.rules[0].patterns]
        split = next(i for i, b in enumerate(linter.branches) if len(b))
        assert again.branches[split][0].pattern == linter.branches[split][0].pattern
