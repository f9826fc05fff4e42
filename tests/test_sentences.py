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
