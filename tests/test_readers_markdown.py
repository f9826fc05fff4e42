"""Markdown reader: what is prose, what is not, and where each word comes from."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.readers.markdown import comments, read
from healthlint.sentences import split_block
from healthlint.sources import decode
from healthlint.textmodel import LineIndex


def at(source: str, needle: str, **kw: object) -> tuple[int, int]:
    """(line, col) of the first character of ``needle`` in the prose of ``source``."""
    prose = read(source, **kw)
    assert needle in prose.text, prose.text
    return LineIndex(source).position(prose.source_offset(prose.text.index(needle)))


def words(source: str) -> list[tuple[str, tuple[int, int]]]:
    prose = read(source)
    index = LineIndex(source)
    return [(m.group(), index.position(prose.source_offset(m.start()))) for m in regex.finditer(r"\w+", prose.text)]


PRESENT = [
    pytest.param("# Ketamine erases pain\n", "erases", (1, 12), id="atx-heading"),
    pytest.param("## Ketamine erases ##\n", "erases", (1, 13), id="atx-closing-sequence"),
    pytest.param("Ketamine\n  erases pain\n========\n", "erases", (2, 3), id="setext-heading"),
    pytest.param("Intro.\n\nKetamine erases pain.\n", "erases", (3, 10), id="paragraph"),
    pytest.param("Some **erases** suicidal thoughts\n", "erases suicidal", (1, 8), id="strong"),
    pytest.param("Some **erases** suicidal thoughts\n", "suicidal", (1, 17), id="after-strong"),
    pytest.param("Some *erases* _suicidal_ ~~x~~ thoughts\n", "thoughts", (1, 32), id="em-strike"),
    pytest.param("Some ***erases*** it\n", "erases it", (1, 9), id="strong-em"),
    pytest.param("un*frigging*believable erases\n", "unfriggingbelievable", (1, 1), id="intraword-emphasis"),
    pytest.param("AT&amp;T erases pain\n", "AT&T erases", (1, 1), id="entity"),
    pytest.param("AT&amp;T erases pain\n", "erases", (1, 10), id="after-entity"),
    pytest.param("a &#1077;rases b\n", "erases", (1, 3), id="numeric-entity-lookalike"),
    pytest.param("\\*not emphasis\\* erases\n", "*not emphasis* erases", (1, 2), id="escapes"),
    pytest.param("Ketamine erases  \nsuicidal thoughts\n", "suicidal", (2, 1), id="hard-break-spaces"),
    pytest.param("Ketamine erases\\\nsuicidal thoughts\n", "erases suicidal", (1, 10), id="hard-break-backslash"),
    pytest.param("Ketamine er-\nases suicidal\n", "erases suicidal", (1, 10), id="hyphen-across-lines"),
    pytest.param("See [ketamine *erases* it](http://x.io \"t\") now\n", "ketamine erases it now", (1, 6), id="link-text"),
    pytest.param("See [ketamine](http://x.io \"erases\") erases\n", "erases", (1, 38), id="after-link-title"),
    pytest.param("See [ketamine][ref] erases\n\n[ref]: http://x.io\n", "erases", (1, 21), id="reference-link"),
    pytest.param("A ![Ketamine erases *pain*](p.png) b\n", "Ketamine erases pain", (1, 5), id="image-alt"),
    pytest.param("Text <span>erases</span> more\n", "Text erases more", (1, 1), id="inline-html-text"),
    pytest.param("Use `code` then erases\n", "erases", (1, 17), id="after-inline-code"),
    pytest.param("Use ``a ` b`` then erases\n", "erases", (1, 20), id="after-double-backtick-code"),
    pytest.param("> Ketamine er-\n> ases suicidal\n> thoughts.\n", "erases suicidal thoughts", (1, 12), id="blockquote"),
    pytest.param("> Ketamine er-\n> ases suicidal\n> thoughts.\n", "thoughts", (3, 3), id="blockquote-third-line"),
    pytest.param("> > nested quote\n> > erases\n", "erases", (2, 5), id="nested-blockquote"),
    pytest.param("> lazy\ncontinuation erases\n", "continuation", (2, 1), id="lazy-continuation"),
    pytest.param("- item one\n  continues erases\n", "item one continues", (1, 3), id="list-continuation"),
    pytest.param("- item one\n  continues erases\n", "erases", (2, 13), id="list-continuation-word"),
    pytest.param("- a\n  - nested erases\n    - deeper\n", "deeper", (3, 7), id="nested-list"),
    pytest.param("1. first\n2. second erases\n", "erases", (2, 11), id="ordered-list"),
    pytest.param("- > quoted item\n  > erases\n", "erases", (2, 5), id="quote-in-list"),
    pytest.param("| a | b |\n|---|---|\n| x | cell erases |\n", "cell erases", (3, 7), id="table-cell"),
    pytest.param("| a | b \\| erases |\n|---|---|\n", "b | erases", (1, 7), id="table-escaped-pipe"),
    pytest.param("| a | b \\| erases |\n|---|---|\n", "erases", (1, 12), id="table-after-escaped-pipe"),
    pytest.param("<div>\n<p>Ketamine <b>erases</b> it</p>\n</div>\n", "Ketamine erases it", (2, 4), id="html-block"),
    pytest.param("\tfoo\n\nKetamine\terases\n", "erases", (3, 10), id="tab-inside-line"),
    pytest.param("- <div>Ketamine erases\n  it</div>\n", "Ketamine erases it", (1, 8), id="html-block-in-list"),
]


@pytest.mark.parametrize("source, needle, pos", PRESENT)
def test_present_at_exact_position(source: str, needle: str, pos: tuple[int, int]) -> None:
    assert at(source, needle) == pos


ABSENT = [
    pytest.param("```\nKetamine erases suicidal thoughts.\n```\n", id="fenced-code"),
    pytest.param("~~~ md\nerases\n~~~\n", id="tilde-fence"),
    pytest.param("- item\n\n  ```\n  erases\n  ```\n", id="fence-in-list"),
    pytest.param("Text.\n\n    erases indented code\n", id="indented-code"),
    pytest.param("Use `Ketamine erases suicidal thoughts` here\n", id="inline-code"),
    pytest.param("[x](http://erases.example/erases \"erases\")\n", id="link-url-and-title"),
    pytest.param("![x](erases.png \"erases\")\n", id="image-url"),
    pytest.param("[ref]: http://erases.example \"erases\"\n", id="reference-definition"),
    pytest.param("See <http://erases.example>\n", id="autolink"),
    pytest.param("<!-- erases -->\n", id="html-comment-block"),
    pytest.param("Text <!-- erases --> here\n", id="html-comment-inline"),
    pytest.param("<div>\n<script>erases()</script>\n</div>\n", id="script-in-html-block"),
    pytest.param("Text <span class=\"erases\">x</span>\n", id="inline-tag-attribute"),
    pytest.param("---\ntags: [erases]\nauthor: erases\n---\nBody\n", id="front-matter-other-field"),
    pytest.param("---\ntitle: [unclosed\n---\nBody\n", id="front-matter-yaml-error"),
]


@pytest.mark.parametrize("source", ABSENT)
def test_absent_from_prose(source: str) -> None:
    assert "erases" not in read(source).text


FRONT_MATTER = [
    pytest.param("---\ntitle: Home\ndescription: Ketamine erases pain.\n---\n", "Ketamine", (3, 14), id="yaml-plain"),
    pytest.param("---\ndescription: \"Ketamine \\\"erases\\\" pain\"\n---\n", '"erases"', (2, 24), id="yaml-double-quoted"),
    pytest.param("---\ndescription: 'It''s erased'\n---\n", "It's erased", (2, 15), id="yaml-single-quoted"),
    pytest.param("---\nsummary: >-\n  Ketamine erases\n  suicidal thoughts.\n---\n", "suicidal", (4, 3), id="yaml-folded"),
    pytest.param("---\nexcerpt: |\n  Ketamine er-\n  ases it\n---\n", "erases it", (3, 12), id="yaml-literal"),
    pytest.param("---\nlead: Ketamine\n  erases pain\n---\n", "Ketamine erases", (2, 7), id="yaml-multiline-plain"),
    pytest.param("---\r\ndescription: Ketamine erases\r\n---\r\nBody\r\n", "erases", (2, 23), id="yaml-crlf"),
    pytest.param("+++\ntitle = \"Ketamine erases\"\n+++\n", "erases", (2, 19), id="toml-basic"),
    pytest.param("+++\ndescription = '''\nKetamine erases'''\n+++\n", "erases", (3, 10), id="toml-multiline-literal"),
    pytest.param("---\nhero: Ketamine erases\n---\n", "erases", (2, 16), id="custom-field"),
]


@pytest.mark.parametrize("source, needle, pos", FRONT_MATTER)
def test_front_matter_fields(source: str, needle: str, pos: tuple[int, int]) -> None:
    fields = ["hero"] if "hero" in source else None
    assert at(source, needle, front_matter_fields=fields) == pos
    prose = read(source, front_matter_fields=fields)
    assert prose.blocks[0].kind == "front-matter"


def test_front_matter_is_not_markdown_and_body_lines_stay() -> None:
    source = "---\ntitle: T\ntags: [a]\n---\n# Heading\n\nKetamine erases pain.\n"
    prose = read(source)
    assert [(b.kind, prose.text[b.start : b.end]) for b in prose.blocks] == [
        ("front-matter", "T"),
        ("heading", "Heading"),
        ("paragraph", "Ketamine erases pain."),
    ]
    assert at(source, "erases") == (7, 10)


def test_thematic_breaks_around_prose_are_not_front_matter() -> None:
    assert at("---\nKetamine erases pain.\n---\n", "erases") == (2, 10)


def test_wrapped_sentence_is_one_sentence() -> None:
    source = "Our clinic says ketamine\nerases suicidal\nthoughts. Call us.\n"
    prose = read(source)
    spans = [prose.text[s:e] for b in prose.blocks for s, e in split_block(prose.text, b)]
    assert spans == ["Our clinic says ketamine erases suicidal thoughts.", "Call us."]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("# Title\nText", ["Title", "Text"]),
        ("- one\n- two\n", ["one", "two"]),
        ("- one\n  - two\n", ["one", "two"]),
        ("| a | b |\n|---|---|\n", ["a", "b"]),
        ("Para ![alt text](x.png) end.\n", ["Para end.", "alt text"]),
        ("> quote\n\nafter\n", ["quote", "after"]),
    ],
)
def test_blocks_end_sentences(source: str, expected: list[str]) -> None:
    prose = read(source)
    assert [prose.text[b.start : b.end] for b in prose.blocks] == expected


SAMPLE = """---
title: Ketamine therapy
description: Ketamine **erases** suicidal thoughts.
---
# Our *ketamine* clinic

Ketamine er-
ases suicidal thoughts &amp; more, see [us](http://x.io).
Line two  
after hard break ![alt text](a.png)

> quoted
> text

- item
  continued
  - nested

| a | b |
|---|---|
| c | `d` e |

```
code
```
"""


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda s: s.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda s: decode(b"\xef\xbb\xbf" + s.encode()).text, id="bom"),
        pytest.param(lambda s: decode(b"\xef\xbb\xbf" + s.replace("\n", "\r\n").encode()).text, id="bom-crlf"),
    ],
)
def test_crlf_and_bom_give_the_lf_positions(variant) -> None:
    assert words(variant(SAMPLE)) == words(SAMPLE)


def test_every_letter_maps_to_itself() -> None:
    prose = read(SAMPLE)
    for i, ch in enumerate(prose.text):
        if ch.isalnum():
            assert SAMPLE[prose.source_offset(i)] == ch, (i, ch)


def test_comments_with_lines() -> None:
    source = "<!-- healthlint-disable KET001 -->\nText <!-- inline -->\n\n```\n<!-- in code -->\n```\n> <!-- quoted -->\n"
    assert [(c.line, c.text) for c in comments(source)] == [
        (1, "healthlint-disable KET001"),
        (2, "inline"),
        (7, "quoted"),
    ]


def test_one_megabyte_line() -> None:
    # no step may be quadratic in the length of a line (markdown-it itself parses about 1 MB/s)
    source = "Ketamine erases **pain** and " * 36_000
    prose = read(source)
    assert prose.text.startswith("Ketamine erases pain and Ketamine")
    assert len(prose.blocks) == 1


markdownish = st.lists(
    st.sampled_from(
        ["ab", "cd", "erases", " ", " ", "\n", "\n\n", "*", "**", "_", "`", "[", "]", "(", ")", "![", "<", ">",
         "> ", "- ", "1. ", "# ", "|", "---", "\\", "  \n", "    ", "<b>", "</b>", "<!--", "-->", "~~", "\"", "\r\n"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(markdownish)
def test_fuzz_every_letter_maps_to_itself(source: str) -> None:
    prose = read(source)
    for i, ch in enumerate(prose.text):
        off = prose.source_offset(i)
        assert 0 <= off < len(source)
        if ch.isalpha():
            assert source[off] == ch, (i, ch, off)
