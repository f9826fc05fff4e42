"""HTML reader: visible text, title, meta descriptions and alt text, with exact positions."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.readers.html import comments, read
from healthlint.sentences import split_block
from healthlint.sources import decode
from healthlint.textmodel import LineIndex


def at(source: str, needle: str) -> tuple[int, int]:
    prose = read(source)
    assert needle in prose.text, prose.text
    return LineIndex(source).position(prose.source_offset(prose.text.index(needle)))


def blocks(source: str) -> list[tuple[str, str]]:
    prose = read(source)
    return [(b.kind, prose.text[b.start : b.end]) for b in prose.blocks]


PRESENT = [
    pytest.param("<p>Ketamine erases pain.</p>", "erases", (1, 13), id="paragraph"),
    pytest.param("<p>Ketamine <b>er</b>ases pain.</p>", "erases", (1, 16), id="inline-split-word"),
    pytest.param("<p>Ketamine <em>erases</em> <a href='/x'>suicidal</a> thoughts</p>", "erases suicidal thoughts", (1, 17), id="inline-elements"),
    pytest.param("<p>Ketamine\n   erases\n suicidal</p>", "erases suicidal", (2, 4), id="wrapped"),
    pytest.param("<p>Ketamine er-\nases pain</p>", "erases", (1, 13), id="hyphen-across-lines"),
    pytest.param("<p>AT&amp;T erases</p>", "AT&T erases", (1, 4), id="entity"),
    pytest.param("<p>AT&amp;T erases</p>", "erases", (1, 13), id="after-entity"),
    pytest.param("<p>&#x65;rases it</p>", "erases", (1, 4), id="hex-charref-maps-to-ampersand"),
    pytest.param("<p>er&shy;ases it</p>", "erases", (1, 4), id="soft-hyphen-entity"),
    pytest.param("<p>Ketamine&nbsp;erases</p>", "Ketamine erases", (1, 4), id="nbsp-entity"),
    pytest.param("<p>R&D &unknown; erases</p>", "erases", (1, 18), id="unknown-entity"),
    pytest.param("<html><head><title>Ketamine erases pain</title></head></html>", "erases", (1, 29), id="title"),
    pytest.param('<meta name="description" content="Ketamine erases pain">', "erases", (1, 44), id="meta-description"),
    pytest.param('<meta property="og:description"\n  content=\'Ketamine &amp; erases\'>', "erases", (2, 27), id="og-description"),
    pytest.param('<meta name="twitter:description" content=Ketamine>', "Ketamine", (1, 42), id="twitter-unquoted"),
    pytest.param('<p>x <img src="erases.png" alt="Ketamine erases pain"> y</p>', "Ketamine erases", (1, 33), id="alt"),
    pytest.param('<img\n  alt="Alt &quot;erases&quot;" />', '"erases"', (2, 12), id="alt-entity"),
    pytest.param("<ul><li>one</li><li>Ketamine erases</li></ul>", "Ketamine", (1, 21), id="list-item"),
    pytest.param("<table><tr><td>a</td><td>cell erases</td></tr></table>", "cell erases", (1, 26), id="table-cell"),
    pytest.param("<p>Line<br>Ketamine erases</p>", "Ketamine", (1, 12), id="after-br"),
    pytest.param("<!-- c --><p>Ketamine erases</p>", "erases", (1, 23), id="after-comment"),
    pytest.param("<script>x = '</p>'</script><p>Ketamine erases</p>", "erases", (1, 40), id="after-script"),
]


@pytest.mark.parametrize("source, needle, pos", PRESENT)
def test_present_at_exact_position(source: str, needle: str, pos: tuple[int, int]) -> None:
    assert at(source, needle) == pos


ABSENT = [
    pytest.param("<script>var claim = 'Ketamine erases suicidal thoughts';</script>", id="script"),
    pytest.param("<style>.erases { color: red }</style>", id="style"),
    pytest.param("<noscript>erases</noscript>", id="noscript"),
    pytest.param("<template><p>erases</p></template>", id="template"),
    pytest.param("<svg><text>erases</text><title>erases</title></svg>", id="svg"),
    pytest.param("<pre><code>erases()</code></pre>", id="code"),
    pytest.param("<div hidden><div>inner</div><p>erases</p></div>", id="hidden-attribute"),
    pytest.param('<span aria-hidden="true">erases</span>', id="aria-hidden"),
    pytest.param('<p style="color: red; display : none">erases</p>', id="display-none"),
    pytest.param('<p style="visibility:hidden">erases</p>', id="visibility-hidden"),
    pytest.param("<!-- erases -->", id="comment"),
    pytest.param('<a href="/erases" title="erases">x</a>', id="attributes"),
    pytest.param('<meta name="keywords" content="erases">', id="other-meta"),
    pytest.param('<img hidden alt="erases">', id="hidden-img"),
]


@pytest.mark.parametrize("source", ABSENT)
def test_absent_from_prose(source: str) -> None:
    assert "erases" not in read(source).text


def test_text_after_hidden_block_is_back() -> None:
    assert at("<div hidden><div>x</div></div><p>Ketamine erases</p>", "erases") == (1, 43)


def test_block_kinds_and_boundaries() -> None:
    source = (
        "<html><head><title>Clinic</title><meta name='description' content='Desc.'></head><body>"
        "<h1>Head <i>line</i></h1><p>Para <img alt='Alt'> text</p><blockquote>Quote</blockquote>"
        "<ul><li>Item</li></ul><table><tr><th>H</th></tr></table><div>Div<p>Inner</p>Tail</div></body></html>"
    )
    assert blocks(source) == [
        ("title", "Clinic"),
        ("meta", "Desc."),
        ("heading", "Head line"),
        ("paragraph", "Para text"),
        ("alt", "Alt"),
        ("quote", "Quote"),
        ("list", "Item"),
        ("table", "H"),
        ("paragraph", "Div"),
        ("paragraph", "Inner"),
        ("paragraph", "Tail"),
    ]


def test_wrapped_sentence_is_one_sentence() -> None:
    source = "<p>Our clinic says ketamine\n  erases suicidal\n  thoughts. Call us.</p>"
    prose = read(source)
    spans = [prose.text[s:e] for b in prose.blocks for s, e in split_block(prose.text, b)]
    assert spans == ["Our clinic says ketamine erases suicidal thoughts.", "Call us."]


SAMPLE = """<!DOCTYPE html>
<html>
<head>
  <title>Ketamine clinic</title>
  <meta name="description" content="Ketamine erases suicidal thoughts.">
  <script>var t = "erases";</script>
</head>
<body>
  <h1>Fast <em>relief</em></h1>
  <p>Ketamine er-
  ases suicidal thoughts &amp; more.</p>
  <img src="a.png" alt="Alt text">
</body>
</html>
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
    def words(source: str) -> list[tuple[str, tuple[int, int]]]:
        prose, index = read(source), LineIndex(source)
        return [(m.group(), index.position(prose.source_offset(m.start()))) for m in regex.finditer(r"\w+", prose.text)]

    assert words(variant(SAMPLE)) == words(SAMPLE)
    assert ("erases", (10, 15)) in words(SAMPLE)


def test_every_letter_maps_to_itself() -> None:
    prose = read(SAMPLE)
    for i, ch in enumerate(prose.text):
        if ch.isalnum():
            assert SAMPLE[prose.source_offset(i)] == ch, (i, ch)


def test_comments_with_lines() -> None:
    source = "<p>a</p>\n<!-- healthlint-disable KET001 -->\n<script>// <!-- not a comment --></script>\n<div hidden><!--x--></div>"
    assert [(c.line, c.text) for c in comments(source)] == [(2, "healthlint-disable KET001"), (4, "x")]


htmlish = st.lists(
    st.sampled_from(
        ["ab", "erases", " ", "\n", "\r\n", "<p>", "</p>", "<b>", "</b>", "<div hidden>", "</div>", "<script>",
         "</script>", "<!--", "-->", "<![", "CDATA[", "]]>", "<!doctype", "&amp;", "&", ";", "#", "<", ">", "/",
         "<img alt='", "'", '"', "=", "<br>", "<title>", "<svg>", "</svg>", "<!"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(htmlish)
def test_fuzz_never_crashes_and_offsets_stay_inside(source: str) -> None:
    prose = read(source)
    for i, ch in enumerate(prose.text):
        off = prose.source_offset(i)
        assert 0 <= off < len(source)
        if ch.isalpha() and source[off] != "&":
            assert source[off] == ch, (i, ch, off)
