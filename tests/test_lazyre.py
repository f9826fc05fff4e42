import regex

from healthlint import lazyre


def test_a_lazy_pattern_compiles_on_first_use_only(monkeypatch):
    calls = []
    real = regex.compile
    monkeypatch.setattr(lazyre.regex, "compile", lambda *a: calls.append(a) or real(*a))
    pattern = lazyre.compile_lazily(r"\bket\w+", regex.I)
    assert calls == [] and pattern.pattern == r"\bket\w+"
    assert pattern.search("IV Ketamine").group() == "Ketamine"
    assert [m.group() for m in pattern.finditer("ketamine, esketamine")] == ["ketamine"]
    assert pattern.sub("K", "ketamine") == "K" and pattern.groups == 0
    assert len(calls) == 1


def test_every_module_with_lazy_patterns_is_in_the_snapshot():
    # A module missing from lazyre._MODULES would still work, but compile its patterns on every run.
    import pathlib

    package = pathlib.Path(lazyre.__file__).parent
    users = sorted(
        "healthlint." + ".".join(p.relative_to(package).with_suffix("").parts)
        for p in package.rglob("*.py")
        if "compile_lazily(" in p.read_text(encoding="utf-8") and p.name != "lazyre.py"
    )
    assert users == sorted(lazyre._MODULES)


def test_a_restored_pattern_loads_its_compiled_form_instead_of_compiling(monkeypatch):
    blobs = lazyre.snapshot()
    assert len(blobs) > 20 and all(isinstance(b, bytes) for b in blobs.values())
    pattern = lazyre.compile_lazily(r"\bre(?:stor|load)ed\b", regex.I)
    blobs.update(lazyre.snapshot())  # now also holds the new pattern
    calls = []
    real = regex.compile
    monkeypatch.setattr(lazyre.regex, "compile", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setattr(lazyre, "_restored", {})
    lazyre.restore(blobs)
    assert pattern.search("It was RESTORED.").group() == "RESTORED"
    assert calls == []
    fresh = lazyre.compile_lazily(r"never\s+snapshotted")
    assert fresh.search("never  snapshotted") and len(calls) == 1
