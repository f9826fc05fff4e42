"""Misspellings are corrected before rules run; findings still point at the misspelt source text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.errors import HealthlintError
from healthlint.readers import read
from healthlint.rules import load_rules
from healthlint.spelling import Respeller


def _findings(linter, text, fmt="text"):
    return [(f.rule_id, f.line, f.column, f.end_column, f.match) for f in linter.check_source(text, fmt)]


@pytest.mark.parametrize(
    ("typo", "right"),
    [
        ("Garanteed relief from depresion.", "Guaranteed relief from depression."),
        ("Our ketamine therapy has no side affects.", "Our ketamine therapy has no side effects."),
        ("IV ketamin is FDA aproved for depression.", "IV ketamine is FDA approved for depression."),
    ],
)
def test_a_misspelt_claim_is_found_like_the_correct_one(linter, typo, right):
    fixed = {f[0] for f in _findings(linter, right)}
    assert fixed and {f[0] for f in _findings(linter, typo)} == fixed


def test_positions_point_at_the_source_text(linter):
    text = "# Care\n\nWe promise: your **depresion** is GARANTEED to lift.\n"
    (rule, line, col, end_col, match), *_ = [f for f in _findings(linter, text, "markdown") if f[0] == "GEN003"]
    assert (line, col) == (3, 35) and text.splitlines()[2][col - 1:end_col - 1] == "GARANTEED to lift"
    assert match == "GUARANTEED to lift"  # the message quotes the corrected words, in the source's case


def test_a_negation_without_apostrophe_still_negates(linter):
    assert not [f for f in _findings(linter, "Exercise isnt a cure for depression.") if f[0] == "GEN001"]
    assert [f for f in _findings(linter, "Exercise is a cure for depression.") if f[0] == "GEN001"]


def test_words_inside_other_words_are_left_alone():
    speller = Respeller({"cant": "can't", "dont": "don't"})
    assert speller.fix("Cant stop. DONT wait. Recant, dontopedalogy, cant-") == "Can't stop. DON'T wait. Recant, dontopedalogy, can't-"


_SPELLER = Respeller(load_rules().corrections)
_WORDS = ["suicidial", "thougts", "isnt", "ok", "side affects", "x", "Ketamin", "GARANTEED"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + [" ", ". ", "\n\n", "–"]), max_size=30))
def test_every_corrected_character_maps_into_the_source(parts):
    source = "".join(parts)
    speller = _SPELLER
    prose = read(source, "markdown")
    fixed = speller.apply(prose)
    assert fixed.text == speller.fix(prose.text)
    for i in range(len(fixed.text)):
        assert 0 <= fixed.source_offset(i) < max(len(source), 1)
    for block in fixed.blocks:
        assert 0 <= block.start <= block.end <= len(fixed.text)


def test_a_correction_to_itself_is_a_rule_error(tmp_path):
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "mine.yaml").write_text("name: mine\ncorrections:\n  Ketamine: ketamine\n")
    with pytest.raises(HealthlintError, match=r"mine.yaml:3: corrections: 'ketamine' is corrected to itself"):
        load_rules([tmp_path])


@pytest.mark.parametrize("window", [3, 7, 8, 9, 1 << 20])
def test_windows_find_the_same_misspellings_as_one_pass(monkeypatch, window):
    # a large document is respelled a window at a time: a misspelling across a window edge is found once
    import healthlint.prefilter as prefilter

    monkeypatch.setattr(prefilter, "_WINDOW", window)
    speller = Respeller({"ketamin": "ketamine", "suicidial": "suicidal"})
    text = "Ketamin helps suicidial thoughts, KETAMIN. xketamin ketamin"
    assert speller.fix(text) == "Ketamine helps suicidal thoughts, KETAMINE. xketamin ketamine"
