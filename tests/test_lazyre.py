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
