"""The prefilter may only make checking faster: every match of a rule contains one of its literals."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from healthlint.engine import Branches, Linter
from healthlint.prefilter import FoldedWords, Prefilter, literal_options, required_literals, rule_slots, top_branches
from healthlint.rules import load_rules

RULESET = load_rules()


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bcures?\b", {"cure"}),
        (r"\b(?:FDA|Food and Drug Administration)[- ]approved", {"fda approved", "fda-approved", "food and drug administration approved", "food and drug administration-approved"}),
        (r"(?<=x)no(?:t| more| longer)\b", {"not", "no more", "no longer"}),
        (r"\L<v>\W+(?:\w+\W+){0,3}?suicidal", {"suicidal"}),
        (r"\L<v>", {"erase", "stop"}),
        (r"(?:erases?)?\s*cure", {"cure"}),
        (r"(?:a+)+x", None),  # nothing long enough to be worth it
        (r"\p{L}+ose", None),  # regex-only syntax: no prefilter, full scan
        (r"x|longer", None),  # one branch has no usable literal
        # small bounded repeats are expanded (a typo-tolerant "guarantee" is not just "ant|ent|unt")
        (r"\bg(?:ua|a)r{1,2}[ae]nt", {"guarant", "guarrant", "guarent", "guarrent", "garant", "garrant", "garent", "garrent"}),
        (r"\bx{2}yz", {"xxyz"}),
        (r"(?:ab){0,2}cde", {"cde"}),
        (r"a{1,9}bcd", {"bcd"}),  # too many copies to expand: the literal after it
    ],
)
def test_required_literals(pattern, expected):
    got = required_literals(pattern, {"v": ("erase", "stop")})
    assert (set(got) if got is not None else None) == expected


def test_every_required_part_of_a_pattern_is_a_literal_set():
    # each part that every match must contain is a set of its own; a sentence needs one of each
    options = literal_options(r"\bketamine\b.{0,40}\b(?:erases?|banish(?:es)?)\b", {})
    assert {frozenset(o) for o in options} == {frozenset({"ketamine"}), frozenset({"erase", "erases", "banish", "banishes"})}
    assert {frozenset(o) for o in rule_slots([r"\bno\b.{0,9}\bside effects"], {})} == {frozenset({"side effects"})}


def test_a_branch_is_tried_only_where_all_its_literal_sets_occur():
    pf = Prefilter([[frozenset({"ketamine"})]], [[[frozenset({"ketamine"}), frozenset({"erase"})], []]])
    text = "Ketamine helps. Ketamine erases pain."
    candidates, masks = pf.candidates_and_branches(text, [0, 16], [15, 37])
    assert candidates == {0: [0, 1]}
    assert masks == {0: {1: 0b01}} and pf.open_branches == [0b10]


def _examples():
    for rule in RULESET.rules:
        slots = rule_slots([p.pattern for p in rule.patterns], RULESET.vocabularies)
        if slots:
            for i, ex in enumerate(rule.bad):
                yield pytest.param(rule, slots, ex.text, id=f"{rule.id}/bad/{i}")


@pytest.mark.parametrize(("rule", "slots", "text"), list(_examples()))
def test_every_match_contains_a_literal_of_each_slot(rule, slots, text):
    """Soundness on real data: where all of a rule's patterns match, every prefilter slot of the rule
    (one literal set per pattern, AND-ed as the engine does) has a literal there."""
    folded = " ".join(text.split())
    if all(p.search(folded) for p in rule.patterns):
        for lits in slots:
            assert any(lit in folded.lower() for lit in lits), (rule.id, sorted(lits)[:10])


def test_most_rules_get_a_prefilter():
    missing = [r.id for r in RULESET.rules if not rule_slots([p.pattern for p in r.patterns], RULESET.vocabularies)]
    assert len(missing) <= len(RULESET.rules) // 10, missing


def test_no_built_in_rule_searches_whole_documents_with_its_whole_pattern():
    # a rule with neither a prefilter literal nor alternatives to gate falls back to searching every
    # document with its whole first pattern; one such rule (KET002, for a while) halved bench throughput
    linter = Linter(RULESET)
    whole = [r.id for i, r in enumerate(linter.rules) if i in linter.prefilter.always and not linter.branches[i]]
    assert whole == []


def test_windowed_scan_finds_literals_across_window_edges(monkeypatch):
    import healthlint.prefilter as pf
    from healthlint.engine import Branches, Linter

    linter = Linter(RULESET)
    text = ("Our clinic is open on weekdays. " * 7 + "Ketamine ERASES suicidal thoughts. ") * 40
    whole = list(linter.prefilter.hits(text))
    monkeypatch.setattr(pf, "_WINDOW", 97)  # an edge falls inside many literals
    windowed = list(linter.prefilter.hits(text))
    assert set(windowed) == set(whole) and len(whole) > 40


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"a|b(c|d)|e", ["a", "b(c|d)", "e"]),
        (r"(?:cure|heal)s?|reverse", ["(?:cure|heal)s?", "reverse"]),
        (r"(?:a|b)", ["a", "b"]),  # one group around everything: its alternatives
        (r"(?:a|b)c", None),  # a single top-level sequence
        (r"[|]x|\|y", ["[|]x", r"\|y"]),  # a bar in a class or escaped separates nothing
        (r"[]|]x|y", ["[]|]x", "y"]),
        (r"(a)x|\1", None),  # a backreference ties branches together
        (r"(?P<a>x)|(?P=a)", None),
        (r"a(?=x)|(?<!y)b|(?>c)", ["a(?=x)", "(?<!y)b", "(?>c)"]),  # lookarounds and atomic groups are local
        (r"(?i)a|b", None),  # inline flags
        (r"abc", None),
    ],
)
def test_top_branches(pattern, expected):
    assert top_branches(pattern) == expected


def _texts():
    """Real sentences: every rule example, the dev evaluation items and the corpus pages."""
    import yaml

    root = Path(__file__).resolve().parent.parent
    texts = [ex.text for rule in RULESET.rules for ex in (*rule.bad, *rule.good)]
    for name in ("dev.yaml", "dev-extra-ket.yaml", "dev-extra-gen.yaml"):
        path = root / "corpus" / "eval" / name
        if path.exists():
            texts += [(i.get("context", "") + " " + i["text"]).strip() for i in yaml.safe_load(path.read_text("utf-8"))]
    pages = [p.read_text("utf-8") for p in sorted((root / "corpus").glob("*")) if p.suffix in (".md", ".html", ".txt")]
    return texts, pages


def test_branch_matching_finds_what_the_whole_pattern_finds(monkeypatch):
    """Matching only the alternatives whose literals a sentence holds gives the same findings, at the
    same positions, as matching every rule's whole first pattern."""
    import healthlint.engine as engine

    # the per-rule time budget is wall-clock: on a loaded CI machine a stalled worker could stop a rule in
    # one run and not the other; this test is about what matches, so no rule may run out of time
    monkeypatch.setattr(engine, "TIMEOUT_BASE", 600.0)
    linter = Linter(RULESET)
    assert sum(bool(b) for b in linter.branches) >= len(linter.rules) // 2
    whole = copy.copy(linter)
    whole.branches = [Branches()] * len(linter.rules)
    texts, pages = _texts()
    assert len(texts) > 500 and pages

    def key(findings):
        return [(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.match) for f in findings]

    problems: list[str] = []
    for text in texts:
        assert key(linter.check_source(text, "text", "t", problems)) == key(
            whole.check_source(text, "text", "t", problems)
        ), (text, problems)
    for page in pages:
        assert key(linter.check_source(page, "markdown", "p", problems)) == key(
            whole.check_source(page, "markdown", "p", problems)
        ), problems
    assert problems == []


def test_checking_in_windows_finds_what_one_pass_finds(monkeypatch):
    """The engine checks a long document a window of sentences at a time; small windows (an edge
    between almost every pair of sentences) give the same findings, document rules included."""
    import healthlint.engine as engine

    linter = Linter(RULESET)
    _, pages = _texts()
    whole = [linter.check_source(page, "markdown") for page in pages]
    monkeypatch.setattr(engine, "WINDOW", 200)
    windowed = [linter.check_source(page, "markdown") for page in pages]
    assert windowed == whole and sum(map(len, whole)) > 100


def test_folded_words_find_every_word_with_its_value_ignoring_case():
    words = FoldedWords({"ketamine": ("drug",), "esketamine": ("drug",), "cure": ("claim", 1), "cures": ("claim", 2)})
    text = "ESKETAMINE Cures? Ketamine cure."
    found = [(text[a:b], v) for a, b, v in words.find(text)]
    assert found == [("ESKETAMINE", ("drug",)), ("KETAMINE", ("drug",)), ("Cure", ("claim", 1)),
                     ("Cures", ("claim", 2)), ("Ketamine", ("drug",)), ("cure", ("claim", 1))]
    assert len(words.values) == 3  # one entry per distinct value
    assert list(FoldedWords({}).find(text)) == []


# the end of the lookbehind the answer rules use: "?", a closing quote or bracket, one to three spaces
_Q = "\\?[\"')\\]]?\\s{1,3}"


@pytest.mark.parametrize(
    ("pattern", "follows"),
    [
        (rf"(?<=\baddictive{_Q})(?:no|never)\b", True),
        (rf"\G(?<={_Q})(?:yes\W+)?it (?:can|does)\b", True),
        (rf"(?<=\b(?:a|b(?:c|[)d]))\(x\){_Q})(?:x)", True),  # groups, classes and escapes inside it
        (r"(?<=\bsafe )for everyone\b", False),  # a lookbehind, but not one that ends in a question
        (rf"\baddictive{_Q}no\b", False),  # no lookbehind: the literal is its own
        (r"(?<=[?])\s*no\b", False),
    ],
)
def test_follows_question(pattern, follows):
    from healthlint.prefilter import follows_question

    assert follows_question(pattern) is follows


def test_long_first_patterns_are_split_into_branches():
    """A long alternation that cannot be split (an inline flag group, a backreference) is matched whole on
    every candidate sentence: one such rule once doubled the time of a 1,000-page run."""
    linter = Linter(RULESET)
    whole = [r.id for r, b in zip(linter.rules, linter.branches)
             if len(r.patterns[0].pattern) > 3000 and "|" in r.patterns[0].pattern and not b]
    assert whole == []
