"""Markdown reader at scale: reading in windows and the fast paths give exactly what markdown-it gives on the
whole document (text, blocks, every source offset, comments), and a large file is read in bounded memory."""

from __future__ import annotations

import importlib.util
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from healthlint.readers import markdown
from healthlint.readers.markdown import _Reader

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus").glob("*.md"))
BENCH = ROOT / "bench" / "generate.py"


def reading(source: str, *, fast: bool = True, chunk: int | None = None):
    reader = _Reader(source, chunk)
    reader.fast = fast
    doc = reader.run(None)
    prose = doc.prose
    return (
        prose.text,
        [(b.start, b.end, b.kind) for b in prose.blocks],
        [prose.source_offset(i) for i in range(len(prose.text))],
        [(c.line, c.offset, c.text) for c in doc.comments],
    )


def reference(source: str):
    """markdown-it on the whole document, every block and inline run through it."""
    return reading(source, fast=False, chunk=1 << 40)


WAYS = [
    pytest.param({}, id="default"),
    pytest.param({"fast": False, "chunk": 400}, id="markdown-it-small-windows"),
    pytest.param({"chunk": 300}, id="fast-small-windows"),
    pytest.param({"chunk": 2_000}, id="fast-windows"),
]


def assert_same(source: str, **way) -> None:
    got, want = reading(source, **way), reference(source)
    assert got[0] == want[0]
    assert got[1] == want[1]
    assert got[2] == want[2]
    assert got[3] == want[3]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_pages_read_the_same_in_windows_and_fast_paths(path: Path, way: dict) -> None:
    assert_same(path.read_text(encoding="utf-8"), **way)


@pytest.fixture(scope="module")
def gen():
    if not BENCH.is_file():
        pytest.skip("bench/ not present")
    spec = importlib.util.spec_from_file_location("bench_generate_md", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("way", WAYS)
def test_generated_pages_read_the_same_in_windows_and_fast_paths(gen, way: dict) -> None:
    spec = gen.Spec("chunks", 40, 200_000)
    for i in range(spec.files):
        _, text, _ = gen._file_text(11, spec, i)
        assert_same(text, **way)
        assert_same(text.replace("\n", "\r\n"), **way)


def test_several_generated_pages_in_one_file(gen) -> None:
    spec = gen.Spec("chunks", 12, 60_000)
    text = "".join(gen._file_text(5, spec, i)[1] for i in range(spec.files))
    for way in ({}, {"chunk": 1_000}, {"fast": False, "chunk": 5_000}):
        assert_same(text, **way)


def test_reference_defined_in_a_later_window() -> None:
    filler = "".join(f"Paragraph {i} about ketamine clinics.\n\n" for i in range(200))
    source = "See [the ketamine page][ref] today.\n\n" + filler + "[ref]: https://x.io/ketamine\n"
    prose = markdown.read(source)
    assert "See the ketamine page today." in prose.text
    assert_same(source, chunk=300)
    assert reading(source, chunk=300)[0] == prose.text


EDGE = [
    "- a\n\nPlain para\n\n  indented after\n",
    "- a\n\n- b\n\nText\n",
    "1. one\n2. two\n\n    code after list\n",
    "```\nPlain inside fence\n\n# not a heading\n```\nAfter\n",
    "<!--\nPlain inside comment\n\n-->\nText\n",
    "> quote\n\nPlain\n\n> again\n",
    "Para **bold.**x and **a**b\n",
    "Para **bold** [link](http://x.io/a_b) ![alt *x*](i.png) end\n",
    "Para [a](javascript:alert) and [b](<x y>)\n",
    "# Heading ##\n\n## Heading #1\n\nText\n",
    "Setext\nText\n===\n",
    "Line one  \nline two\\\nline three \nfour\n",
    "| a | b |\n|---|---|\n| c | d |\n\nAfter\n",
    "| a | b |\n|:--|--:|\n| **x** | [y](z) |\n|  | e\u00a0|  \n| f |g|\n",
    "| a | b |\n|---|---|\n| c |\n| d | e | f |\n",
    "| a \\| b | c |\n|---|---|\n",
    "|a|\n|-|\n\n| x | y |\n| - | - |\n> q\n",
    "- item\n  continued\n\nnext\n",
    "[x]: /u\n\n[x] is a link\n",
    "Text\u00a0\n\nTwo\u2028three\n",
    "**a****b** ***c*** **d **e**\n",
    "x &amp; y & z &#1077; < b > c <b>d</b>\n",
    "    \n\n(<b>* \t)erases```\n![b](i.png)~~]  \n  \n)[r]: /u\n)(* \n\n_pain        _    ```\n ",
    "> I liked it.\n>\n> \u2014 Dana, Madison\n\nAfter\n",
    "> one\n> two **b**\n>  three\n\n> a\nlazy\n\n>\tx\n",
    "\u2014 dash-led paragraph\n\u00a0nbsp-led line\n",
    # pages made only of simple stanzas (read without markdown-it at all)
    "Plain one\n\n# Head\n\n- a\n- b\n\n| a | b |\n|---|---|\n| c | d |\n\n> q\n",
    "\n\n  \n\t\nPlain after blank lines\n\n \n",
    "Plain\n\u00a0\n\nMore\n",
    "Plain **strong** and [a link](/x) and ![img](i.png)\ncontinued *em* `code`\n\n## End ##\n",
]


@pytest.mark.parametrize("source", EDGE)
@pytest.mark.parametrize("way", WAYS)
def test_edge_cases(source: str, way: dict) -> None:
    assert_same(source, **way)
    assert_same(source.replace("\n", "\r\n"), **way)


pieces = st.sampled_from(
    ["Ketamine", "erases", "pain", " ", " ", "\n", "\n\n", "\n\n", "  \n", "- ", "* ", "1. ", "2) ", "# ", "## ",
     "> ", "    ", "  ", "**", "*", "_", "`", "```\n", "~~", "[a](http://x.io)", "![b](i.png)", "[r]", "[r]: /u\n",
     "[", "]", "(", ")", "!", "<b>", "</b>", "<!--", "-->", "&amp;", "&", "\\", "|", "---", "===", "\"", ".", "é",
     "\u00a0", "\t", "\r\n", "| a | b |\n|---|---|\n", "| c |", ">", "\u2014 "]
)
markdownish = st.lists(pieces, max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(markdownish, st.sampled_from([None, 5, 40]))
# a reference definition whose quoted title runs on over the next line, past a window's end
@example(source='[r]: /u\n"[r]: /u\n"', chunk=5)
def test_fuzz_fast_paths_and_windows_agree_with_markdown_it(source: str, chunk: int | None) -> None:
    assert_same(source, chunk=chunk)


def test_large_document_is_read_in_bounded_memory(gen) -> None:
    # a ~5 MB page. Reading it whole, markdown-it's tokens peaked at ~26x the source size (tracemalloc);
    # in windows the reader peaks at ~4.5x (the prose and its offset map)
    _, source, _ = gen._file_text(3, gen.Spec("memory", 1, 5_000_000), 0)
    assert len(source) > 4_000_000
    markdown.read(source[:20_000])  # imports and caches outside the measurement
    tracemalloc.start()
    try:
        prose = markdown.read(source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(prose.text) > len(source) // 2
    assert peak < 10 * len(source), f"peak {peak / 1e6:.0f} MB for {len(source) / 1e6:.1f} MB of Markdown"


@pytest.mark.parametrize(
    "front",
    [
        'title: "Insurance and Billing"\ndescription: "On Mondays we run a group."\ndate: 2020-03-23\n'
        "author: Alicia Gomez, RN\ntags: [tms, supplements]\nlayout: page\ndraft: false",
        "title: 2020\ndescription: true\nsummary: null\nexcerpt: 1.5\nlead: Yes",
        "title: 0x1F\ndescription: 2024-01-05\nsummary: 1_000\nexcerpt: 1.5e+3\nlead: 017",
        "title: 5 ways to rest\ndescription: 2024 guide\nsummary: 3D scans\nexcerpt: 12abc\nlead: No way",
        "title: Off\ndescription: NULL\nsummary: nullable\nexcerpt: yes please\nlead: ON",
        "title: 1.\ndescription: 1-2-3\nsummary: 10+\nexcerpt: 1e5\nlead: 0b101",
        "title: Ketamine & you (a guide)\ndescription: It's 100% safe; really!",
        "title: x\ntitle: y",
        "description: a: b",
        "description: x # comment",
        'description: "a \\" b"',
        "tags: [a, b\ntitle: x",
        "title: x\n  continued",
        "title: x\n\ndescription: y",
        "- a\n- b",
    ],
)
def test_simple_front_matter_reads_as_yaml_does(front: str, monkeypatch) -> None:
    from healthlint.readers import frontmatter

    source = f"---\n{front}\n---\n# Body\n"
    fast = reading(source)
    monkeypatch.setattr(frontmatter, "FAST", False)
    assert fast == reading(source)


def test_generated_front_matter_reads_as_yaml_does(gen, monkeypatch) -> None:
    from healthlint.readers import frontmatter

    spec = gen.Spec("fm", 60, 120_000)
    pages = [gen._file_text(13, spec, i)[1] for i in range(spec.files)]
    fast = [reading(p)[:3] for p in pages]
    monkeypatch.setattr(frontmatter, "FAST", False)
    assert fast == [reading(p)[:3] for p in pages]


def test_markdown_it_trim_characters_agree() -> None:
    from markdown_it.common.utils import MD_TRIM_CHARS

    assert markdown.MD_TRIM_CHARS == MD_TRIM_CHARS


def test_a_page_of_simple_stanzas_is_read_without_importing_markdown_it() -> None:
    # markdown-it's import is a quarter of a pre-commit run on one page; a page of headings, paragraphs,
    # one-line lists, tables and quotes needs none of it (what it gives instead is checked above)
    import subprocess

    code = (
        "import sys\n"
        "from healthlint.readers.markdown import read\n"
        "prose = read('---\\ntitle: T\\n---\\n# Head\\n\\nPlain **strong** [l](/x).\\n\\n- a\\n- b\\n')\n"
        "assert 'Plain strong l.' in prose.text, prose.text\n"
        "assert 'markdown_it' not in sys.modules\n"
        "read('Text\\n\\n```\\ncode\\n```\\n')\n"
        "assert 'markdown_it' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_simple_front_matter_is_read_without_importing_yaml() -> None:
    # PyYAML's import is a tenth of a pre-commit run on one page; only front matter beyond the simple
    # form (or a value that may be a number) needs it
    import subprocess

    code = (
        "import sys\n"
        "from healthlint.readers.markdown import read\n"
        "prose = read('---\\ntitle: Rest well\\ndate: 2024-01-05\\ntags: [a, b]\\n---\\n# Head\\n')\n"
        "assert 'Rest well' in prose.text, prose.text\n"
        "assert 'yaml' not in sys.modules\n"
        "prose = read('---\\ntitle: 2024\\n---\\n# Head\\n')\n"
        "assert 'yaml' in sys.modules and '2024' not in prose.text, prose.text\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
