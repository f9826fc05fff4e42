"""Normalisation: every evasion trick reads as the plain word, and positions stay exact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.normalize import normalize_piece
from healthlint.readers import read
from healthlint.textmodel import LineIndex, ProseBuilder

PLAIN = "Ketamine erases suicidal thoughts in four hours."
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def prose_of(source: str):
    b = ProseBuilder()
    b.add(source, 0)
    b.end_block("paragraph")
    return b.build()


def position(source: str, needle: str) -> tuple[int, int]:
    prose = prose_of(source)
    return LineIndex(source).position(prose.source_offset(prose.text.index(needle)))


# (source, normalised word that must appear, (line, col) of its first character)
EVASIONS = [
    pytest.param("Ketamine er\u200bases it.", "erases", (1, 10), id="zero-width-space"),
    pytest.param("Ketamine er\u200d\u200cases it.", "erases", (1, 10), id="zero-width-joiners"),
    pytest.param("Ketamine \u200berases it.", "erases", (1, 11), id="zero-width-before-word"),
    pytest.param("Ketamine er\u00adases it.", "erases", (1, 10), id="soft-hyphen"),
    pytest.param("Ketamine er\u0430ses it.", "erases", (1, 10), id="cyrillic-a"),
    pytest.param("Ketamine \u0435rases it.", "erases", (1, 10), id="cyrillic-e-first"),
    pytest.param("Ketamine \u03bfnly erases.", "only erases", (1, 10), id="greek-omicron"),
    pytest.param("Ketamine erases\u00a0suicidal thoughts.", "erases suicidal", (1, 10), id="nbsp"),
    pytest.param("Ketamine erases\u202fsuicidal\u2009thoughts.", "erases suicidal thoughts", (1, 10), id="thin-spaces"),
    pytest.param("Ketamine \u201cerases\u201d it.", '"erases"', (1, 10), id="curly-double-quotes"),
    pytest.param("Ketamine\u2019s effect erases it.", "Ketamine's", (1, 1), id="curly-apostrophe"),
    pytest.param("Ketamine \u2013 erases it.", "Ketamine - erases", (1, 1), id="en-dash"),
    pytest.param("Ketamine\u2014erases it.", "Ketamine-erases", (1, 1), id="em-dash"),
    pytest.param("Ketamine \uff45\uff52\uff41\uff53\uff45\uff53 it.", "erases", (1, 10), id="full-width"),
    pytest.param("Ketamine er-\nases it.", "erases", (1, 10), id="hyphen-line-break"),
    pytest.param("Ketamine er-\r\nases it.", "erases", (1, 10), id="hyphen-crlf-break"),
    pytest.param("Ketamine er-\n   ases it.", "erases", (1, 10), id="hyphen-break-indented"),
    pytest.param("Ketamine er\u00ad\nases it.", "erases", (1, 10), id="soft-hyphen-line-break"),
    pytest.param("Ketamine\n  erases\n suicidal", "Ketamine erases suicidal", (1, 1), id="wrapped-lines"),
    pytest.param("A \ufb01ne claim erases.", "fine claim", (1, 3), id="ligature"),
    pytest.param("x\n\u200b\u00a0 Ketamine er\u0430\u00adses", "Ketamine erases", (2, 4), id="combined"),
]


@pytest.mark.parametrize("source, word, pos", EVASIONS)
def test_evasion_normalises_with_exact_position(source: str, word: str, pos: tuple[int, int]) -> None:
    assert word in prose_of(source).text
    assert position(source, word) == pos


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Self-\nEsteem", "Self- Esteem"),  # a capital after the break: a real hyphenated compound kept apart
        ("well-\n\nknown", "well- known"),  # a blank line is not a hyphenation point
        ("tab\tand  spaces", "tab and spaces"),
        ("a\u200b \u200bb", "a b"),
        ("plain ascii", "plain ascii"),
        ("Clinically Proven\u2122 formula", "Clinically Proven formula"),  # not a glued "ProvenTM"
        ("Miracle\u2120 drops\u2122.", "Miracle drops."),
        ("Calm\u00ae gummies", "Calm\u00ae gummies"),  # the registered sign is no letter: \b already holds
    ],
)
def test_normalised_text(source: str, expected: str) -> None:
    assert "".join(p for p, _, _ in normalize_piece(source)) == expected


@pytest.mark.parametrize("source", [PLAIN, "er\u200bases \u00a0 \u201cx\u201d", "\uff45\ufb01-\n\u00adx", "   "])
def test_pieces_point_inside_the_input(source: str) -> None:
    for piece, offset, linear in normalize_piece(source):
        assert 0 <= offset < len(source)
        if linear:
            assert offset + len(piece) <= len(source)


positions = st.lists(st.tuples(st.integers(0, len(PLAIN)), st.sampled_from(INVISIBLES)), max_size=12)


def _insert(text: str, inserts: list[tuple[int, str]]) -> str:
    for at, ch in sorted(inserts, reverse=True):
        text = text[:at] + ch + text[at:]
    return text


@settings(max_examples=300, deadline=None)
@given(positions, st.sampled_from(["text", "markdown", "html"]))
def test_invisible_characters_never_change_the_prose(inserts: list[tuple[int, str]], fmt: str) -> None:
    source = _insert(PLAIN, inserts)
    prose = read(source, fmt)
    assert prose.text.strip() == PLAIN
    for i in range(len(prose.text)):
        assert 0 <= prose.source_offset(i) < len(source)
    # the first character of every word maps to that very letter in the source
    for word_start in (0, PLAIN.index("erases"), PLAIN.index("thoughts")):
        assert source[prose.source_offset(word_start)] == PLAIN[word_start]


tricky = st.text(
    alphabet=st.sampled_from(list("ab -.\n\r\t") + INVISIBLES + ["\u00a0", "\u0430", "\uff45", "\u2014", "\u201c", "\ufb01"]),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(tricky, min_size=1, max_size=4))
def test_every_offset_lies_inside_the_source(pieces: list[str]) -> None:
    source = "".join(pieces)
    b = ProseBuilder()
    pos = 0
    for piece in pieces:  # pieces added separately are normalised as one block
        b.add(piece, pos)
        pos += len(piece)
    b.end_block("paragraph")
    prose = b.build()
    assert "  " not in prose.text and "\u200b" not in prose.text
    for i in range(len(prose.text)):
        assert 0 <= prose.source_offset(i) < max(len(source), 1)
    if prose.text:
        assert prose.text == prose_of(source).text
