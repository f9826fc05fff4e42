from __future__ import annotations

import pytest

from healthlint.sentences import split_block
from healthlint.textmodel import Block


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_block(text, Block(0, len(text), "paragraph"))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Ask Dr. Smith today. Then rest.", ["Ask Dr. Smith today.", "Then rest."]),
        ("Use it e.g. daily. Fine.", ["Use it e.g. daily.", "Fine."]),
        ("Approved in the U.S. FDA rules apply.", ["Approved in the U.S. FDA rules apply."]),
        ("See J. Smith et al. for details.", ["See J. Smith et al. for details."]),
        ('He said "it works." Then left.', ['He said "it works."', "Then left."]),
        ("It costs 3.5 dollars. Cheap.", ["It costs 3.5 dollars.", "Cheap."]),
        ("Wow!!! Really?", ["Wow!!!", "Really?"]),
        ("lower case. follows", ["lower case. follows"]),
    ],
)
def test_split(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list written on one line: each item is a sentence of its own
        ("We treat: - depression - PTSD - OCD - chronic pain",
         ["We treat:", "depression", "PTSD", "OCD", "chronic pain"]),
        ("We treat:- depression - PTSD.", ["We treat:", "depression", "PTSD."]),
        ("Conditions we help: • anxiety • OCD", ["Conditions we help:", "anxiety", "OCD"]),
        ("- fast relief - no side effects - lasting results", ["- fast relief", "no side effects", "lasting results"]),
        ("Benefits - no side effects - works in hours. Book now.",
         ["Benefits", "no side effects", "works in hours.", "Book now."]),
        ("Fast relief • no side effects • lasting results", ["Fast relief", "no side effects", "lasting results"]),
        # ... but not a dash used as punctuation, an aside, a hyphenated word or a range
        ("It works fast - within hours.", ["It works fast - within hours."]),
        ("Ketamine - a dissociative anaesthetic - works fast.", ["Ketamine - a dissociative anaesthetic - works fast."]),
        ("A well - known, side-effect-free profile.", ["A well - known, side-effect-free profile."]),
        ("Results — fast — lasting – real.", ["Results — fast — lasting – real."]),
        ("Trials enrolled 10 - 15 - 20 patients.", ["Trials enrolled 10 - 15 - 20 patients."]),
        ("Say goodbye to the fog of depression - for good - with our stack.",
         ["Say goodbye to the fog of depression - for good - with our stack."]),
        ("Say goodbye to the fog of depression — for good — with our stack.",
         ["Say goodbye to the fog of depression — for good — with our stack."]),
        ("Our promise: - results you can feel", ["Our promise: - results you can feel"]),
        ("Call: 555 - 1234 - 99", ["Call: 555 - 1234 - 99"]),
        ("Time: 10:30 - 11:00.", ["Time: 10:30 - 11:00."]),
    ],
)
def test_inline_list_items(text, expected):
    assert split(text) == expected
