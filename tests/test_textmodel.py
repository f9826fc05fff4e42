"""ProseBuilder, Prose.source_offset and LineIndex."""

from __future__ import annotations

import pytest

from healthlint.textmodel import LineIndex, ProseBuilder


def build(*pieces: tuple[str, int, bool], kind: str = "paragraph"):
    b = ProseBuilder()
    for s, src, verbatim in pieces:
        b.add(s, src, verbatim)
    b.end_block(kind)
    return b.build()


def test_verbatim_pieces_map_character_by_character() -> None:
    source = "Ketamine **erases** thoughts"
    prose = build(("Ketamine ", 0, True), ("erases", 11, True), (" thoughts", 19, True))
    assert prose.text == "Ketamine erases thoughts\n"
    assert [prose.source_offset(prose.text.index(w)) for w in ("Ketamine", "erases", "thoughts")] == [0, 11, 20]
    assert prose.source_offset(prose.text.index("ases")) == source.index("ases")


def test_replacement_piece_maps_to_its_source_start() -> None:
    prose = build(("AT", 0, True), ("&", 2, False), ("T", 7, True))  # "AT&amp;T"
    assert prose.text == "AT&T\n"
    assert [prose.source_offset(i) for i in range(4)] == [0, 1, 2, 7]


def test_hyphenation_joins_across_pieces() -> None:
    # as a Markdown reader adds a blockquote: "> quote er-\n> ases"
    prose = build(("quote er-", 2, True), ("\n", 11, False), ("ases", 14, True))
    assert prose.text == "quote erases\n"
    i = prose.text.index("erases")
    assert [prose.source_offset(i), prose.source_offset(i + 2)] == [8, 14]


def test_whitespace_collapses_across_pieces_and_block_edges() -> None:
    prose = build(("  a ", 0, True), (" \n ", 4, True), ("b  ", 7, True))
    assert prose.text == "a b\n"
    assert prose.source_offset(2) == 7


def test_blocks_are_separate_and_empty_blocks_vanish() -> None:
    b = ProseBuilder()
    b.add("Title", 2)
    b.end_block("heading")
    b.add("   ", 10)
    b.end_block("paragraph")
    b.add("Body text.", 20)
    b.end_block("paragraph")
    prose = b.build()
    assert prose.text == "Title\nBody text.\n"
    assert [(x.kind, prose.text[x.start : x.end]) for x in prose.blocks] == [("heading", "Title"), ("paragraph", "Body text.")]
    assert prose.source_offset(prose.blocks[1].start) == 20


def test_build_closes_an_open_block_as_text() -> None:
    b = ProseBuilder()
    b.add("tail", 5)
    prose = b.build()
    assert [(x.kind, x.start, x.end) for x in prose.blocks] == [("text", 0, 4)]


def test_linear_piece_split_where_source_runs_break() -> None:
    # "er" at 0 and "ases" at 10: one normalised run "erases", two source runs
    prose = build(("er", 0, True), ("ases", 10, True))
    assert prose.text == "erases\n"
    assert [prose.source_offset(i) for i in range(6)] == [0, 1, 10, 11, 12, 13]


@pytest.mark.parametrize(
    "source, offset, expected",
    [
        ("abc", 0, (1, 1)),
        ("abc\ndef", 4, (2, 1)),
        ("abc\r\ndef", 5, (2, 1)),
        ("abc\r\ndef", 3, (1, 4)),  # the CR sits where LF sits in the LF file
        ("\n\nx", 2, (3, 1)),
        ("é\nxé", 4, (2, 3)),  # columns count code points
    ],
)
def test_line_index(source: str, offset: int, expected: tuple[int, int]) -> None:
    assert LineIndex(source).position(offset) == expected


@pytest.mark.parametrize(
    "pieces",
    [
        [("Ketamine erases pain", 4, "heading"), ("cell", 40, "table")],
        [(" leading", 0, "paragraph"), ("trailing ", 20, "list"), ("two  spaces", 40, "paragraph")],
        [("er-\nases it", 3, "paragraph"), ("caf\u00e9 \u201cx\u201d", 30, "table"), ("", 50, "table"), (" ", 60, "table")],
        [("a\tb\nc", 0, "paragraph")] * 5000,  # past the builder's compaction of its pieces
    ],
)
def test_add_block_is_add_then_end_block(pieces) -> None:
    one, two = ProseBuilder(), ProseBuilder()
    for s, src, kind in pieces:
        one.add_block(s, src, kind)
        two.add(s, src)
        two.end_block(kind)
    a, b = one.build(), two.build()
    assert a.text == b.text
    assert a.blocks == b.blocks
    assert [a.source_offset(i) for i in range(len(a.text))] == [b.source_offset(i) for i in range(len(b.text))]
