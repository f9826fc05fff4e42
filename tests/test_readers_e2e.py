"""The real rules through the engine on Markdown and HTML: the readers decide what is checked and where
findings point. (``linter`` is the session fixture of conftest.py: all shipped rules.)"""

from __future__ import annotations

import pytest

from healthlint.sources import decode

CLAIM = "Ketamine erases suicidal thoughts."

NOT_REPORTED = [
    pytest.param(f"# Clinic\n\n```\n{CLAIM}\n```\n", "markdown", id="md-fenced-code"),
    pytest.param(f"# Clinic\n\n    {CLAIM}\n", "markdown", id="md-indented-code"),
    pytest.param(f"Our ketamine page quotes `{CLAIM}` as a myth.\n", "markdown", id="md-inline-code"),
    pytest.param(f"Text <!-- {CLAIM} -->\n", "markdown", id="md-comment"),
    pytest.param(f"[ketamine](https://x.io/a \"{CLAIM}\")\n", "markdown", id="md-link-title"),
    pytest.param(f"---\nkeywords: {CLAIM}\n---\nKetamine clinic.\n", "markdown", id="md-front-matter-other-key"),
    pytest.param(f"<p>Ketamine clinic</p><script>var s = '{CLAIM}';</script>", "html", id="html-script"),
    pytest.param(f"<p>Ketamine clinic</p><div hidden>{CLAIM}</div>", "html", id="html-hidden"),
    pytest.param(f"<p>Ketamine clinic</p><!-- {CLAIM} -->", "html", id="html-comment"),
]


@pytest.mark.parametrize("source, fmt", NOT_REPORTED)
def test_claim_outside_prose_is_not_reported(linter, source: str, fmt: str) -> None:
    assert linter.check_source(source, fmt) == []


REPORTED = [
    pytest.param(f"# Clinic\n\n{CLAIM}\n", "markdown", (3, 10), id="md-paragraph"),
    pytest.param("Ketamine infusions\nerase suicidal\nthoughts fast.\n", "markdown", (2, 1), id="md-wrapped"),
    pytest.param("Ketamine er-\nases suicidal thoughts.\n", "markdown", (1, 10), id="md-hyphenated"),
    pytest.param("Ketamine **erases** suicidal thoughts.\n", "markdown", (1, 12), id="md-emphasis"),
    pytest.param("> Ketamine erases\n> suicidal thoughts.\n", "markdown", (1, 12), id="md-blockquote"),
    pytest.param("- Ketamine care\n  - it erases suicidal thoughts\n", "markdown", (2, 8), id="md-nested-list"),
    pytest.param("| Claim |\n|---|\n| Ketamine erases suicidal thoughts |\n", "markdown", (3, 12), id="md-table"),
    pytest.param(f"See ![{CLAIM}](hero.png)\n", "markdown", (1, 16), id="md-alt"),
    pytest.param(f"---\ntitle: Clinic\ndescription: {CLAIM}\n---\n# Clinic\n", "markdown", (3, 23), id="md-front-matter"),
    pytest.param("---\ndescription: >-\n  Ketamine\n  erases suicidal thoughts.\n---\n", "markdown", (4, 3), id="md-front-matter-folded"),
    pytest.param("Ketamine er\u200bases suicidal thoughts.\n", "markdown", (1, 10), id="md-zero-width"),
    pytest.param("Ketamine er\u0430ses suicidal thoughts.\n", "markdown", (1, 10), id="md-cyrillic"),
    pytest.param(f'<p>x</p>\n<img src="a.png" alt="{CLAIM}">', "html", (2, 32), id="html-alt"),
    pytest.param(f'<meta name="description" content="{CLAIM}">', "html", (1, 44), id="html-meta"),
    pytest.param("<p>Ketamine <b>er</b>ases\n   suicidal thoughts.</p>", "html", (1, 16), id="html-inline-wrapped"),
    pytest.param("<p>Ketamine er&shy;ases suicidal thoughts.</p>", "html", (1, 13), id="html-soft-hyphen-entity"),
    pytest.param(f"<div>\n<p>{CLAIM}</p>\n</div>\n", "markdown", (2, 13), id="md-html-block"),
]


@pytest.mark.parametrize("source, fmt, pos", REPORTED)
def test_claim_in_prose_is_reported_at_its_start(linter, source: str, fmt: str, pos: tuple[int, int]) -> None:
    found = [(f.line, f.column) for f in linter.check_source(source, fmt) if f.rule_id == "KET001"]
    assert found == [pos]


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_crlf_and_bom_findings_equal_lf(linter, fmt: str) -> None:
    lf = {
        "markdown": "---\ndescription: Ketamine erases suicidal thoughts.\n---\n# Ketamine\n\nOur infusions er-\nase suicidal thoughts.\n",
        "html": "<title>Ketamine</title>\n<p>Infusions\n  erase suicidal thoughts.</p>\n<img alt='Ketamine erases suicidal thoughts.'>\n",
        "text": "Ketamine\n\nOur infusions er-\nase suicidal\nthoughts.\n",
    }[fmt]

    def key(source: str) -> list[tuple[str, int, int, int, int]]:
        return [(f.rule_id, f.line, f.column, f.end_line, f.end_column) for f in linter.check_source(source, fmt)]

    expected = key(lf)
    assert any(k[0] == "KET001" for k in expected)
    for variant in (lf.replace("\n", "\r\n"), decode(b"\xef\xbb\xbf" + lf.encode()).text):
        assert key(variant) == expected
