"""Property tests: on any text, Markdown or HTML the linter never raises, every position lies inside
the file, and a second run gives the same findings."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.cache import load_linter

LINTER = load_linter()
CLAIMS = [
    "Ketamine erases suicidal thoughts.",
    "It cures depression for good!",
    "Guaranteed results, no side effects.",
    "IV ketamine is FDA-approved.",
    "In mice, ketamine restored synapses.",
]
words = st.sampled_from(["ketamine", "cures", "suicidal", "thoughts", "FDA", "side", "effects", "no", "may", "\u200b",
                         "\u00ad", "\r\n", "\n\n", "Dr.", "e.g.", "U.S.", "\u0430", "&amp;", "*", "`", "#", "-", "  "])
prose = st.lists(st.one_of(words, st.sampled_from(CLAIMS), st.text(max_size=12)), max_size=40).map(" ".join)

markdown = st.lists(
    st.one_of(
        prose,
        prose.map(lambda s: "# " + s),
        prose.map(lambda s: "- " + s),
        prose.map(lambda s: "> " + s),
        prose.map(lambda s: "```\n" + s + "\n```"),
        prose.map(lambda s: "| " + s + " | x |\n|---|---|\n| a | " + s + " |"),
        prose.map(lambda s: "---\ntitle: " + s + "\ndescription: '" + s + "'\n---"),
        prose.map(lambda s: "[" + s + "](http://x.org/" + s + ")"),
        prose.map(lambda s: "<!-- " + s + " -->"),
    ),
    max_size=8,
).map("\n\n".join)

html = st.lists(
    st.one_of(
        prose,
        prose.map(lambda s: f"<p>{s}</p>"),
        prose.map(lambda s: f"<script>{s}</script>"),
        prose.map(lambda s: f'<img alt="{s}">'),
        prose.map(lambda s: f"<title>{s}</title>"),
        prose.map(lambda s: f"<div hidden>{s}</div>"),
        st.sampled_from(["<p>", "</div>", "<br>", "&#x41;", "&bogus;", "<!--", "<style>", "<a href='x'>"]),
    ),
    max_size=10,
).map("".join)


def check(source: str, fmt: str) -> None:
    problems: list[str] = []
    first = LINTER.check_source(source, fmt, "f", problems)
    lines = source.split("\n")
    for f in first:
        assert 1 <= f.line <= len(lines)
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1
        assert (f.line, f.column) <= (f.end_line, f.end_column)
        assert f.end_line <= len(lines)
    assert LINTER.check_source(source, fmt, "f") == first
    assert not problems


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(prose, st.text()))
def test_plain_text(source):
    check(source, "text")


@SETTINGS
@given(markdown)
def test_markdown(source):
    check(source, "markdown")


@SETTINGS
@given(html)
def test_html(source):
    check(source, "html")
