"""Front matter at the top of a Markdown file: YAML between ``---`` lines, TOML between ``+++`` lines.

Only the human-facing string fields are prose (:data:`FRONT_MATTER_FIELDS`, extendable per call); each
value is a block of kind ``front-matter`` whose characters map into the front matter itself. Values are
read from the raw source (quotes stripped, escapes decoded, ``''`` undoubled), so positions stay exact;
line folding needs no special care because the builder collapses whitespace anyway. A front matter that
YAML cannot parse is skipped, never an error. The common simple form is read without PyYAML, so a
page with such front matter costs no YAML import.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from healthlint.lazyre import compile_lazily
from healthlint.readers._common import line_starts
from healthlint.textmodel import ProseBuilder

#: Top-level front-matter keys whose string values are linted.
FRONT_MATTER_FIELDS: tuple[str, ...] = ("title", "description", "summary", "excerpt", "subtitle", "lead")

_YAML = compile_lazily(r"---[ \t]*\r?\n(?:(.*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", regex.S)
_TOML = compile_lazily(r"\+\+\+[ \t]*\r?\n(?:(.*?)\r?\n)?\+\+\+[ \t]*(?:\r?\n|\Z)", regex.S)
# A top-level TOML key with a string value: key = "..." | '...' | """...""" | '''...'''
_TOML_PAIR = compile_lazily(
    r"""^[ \t]*(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z0-9_-]+))[ \t]*=[ \t]*"""
    r'''(?:"""(.*?)"""|\'\'\'(.*?)\'\'\'|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)')''',
    regex.S | regex.M,
)
_TOML_TABLE = compile_lazily(r"^[ \t]*\[", regex.M)
_ESCAPE = compile_lazily(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|\r?\n[ \t]*|.)", regex.S)
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b", "0": "\0",
    "N": "\u0085", "_": "\u00a0", "L": "\u2028", "P": "\u2029",
}


def split(source: str) -> tuple[str, int, int, int]:
    """``(kind, body_start, body_end, end)``: the front matter is ``source[:end]`` (whole lines), its content
    ``source[body_start:body_end]``, and ``kind`` is yaml | toml; ``("", 0, 0, 0)`` when there is none."""
    m = None
    if source.startswith("---"):
        m, kind = _YAML.match(source), "yaml"
    elif source.startswith("+++"):
        m, kind = _TOML.match(source), "toml"
    if m is None:
        return "", 0, 0, 0
    body_start = source.index("\n") + 1
    return kind, body_start, max(m.end(1), body_start), m.end()


#: False: always parse YAML front matter with PyYAML (the tests compare both ways)
FAST = True

# The common front matter, read without PyYAML: every line ``key: value`` at column 0 with a value that
# is a double-quoted string without escapes, a flow list of plain words, or a plain one-line scalar of
# letters, digits and a few punctuation marks (no ``:``, ``#``, quotes first, brackets or braces).
_SIMPLE_YAML = compile_lazily(
    r"(?:[A-Za-z_][A-Za-z0-9_-]*: (?:\"[^\"\\\n\r]*\"|\[(?:[A-Za-z0-9_-]+(?:, [A-Za-z0-9_-]+)*)?\]"
    r"|[\p{L}\p{N}][\p{L}\p{N} ,.'()/&+!?%$;-]*(?<! ))(?:\n|\Z))+"
)
_SIMPLE_PAIR = compile_lazily(r"([A-Za-z_][A-Za-z0-9_-]*): (.*)")


def _read_simple_yaml(b: ProseBuilder, body: str, base: int, wanted: frozenset[str]) -> bool:
    """Read a front matter of the simple form; False (nothing added) when it is not of that form."""
    if not _SIMPLE_YAML.fullmatch(body):
        return False
    found = []
    pos = 0
    for line in body.split("\n"):
        m = _SIMPLE_PAIR.fullmatch(line)
        if m and m.group(1) in wanted:
            value = m.group(2)
            if value[0] == '"':
                found.append((value[1:-1], base + pos + m.start(2) + 1))
            elif value[0] != "[":
                if _MAYBE_NUMBER.fullmatch(value):
                    return False  # 12, 0x1F, 1.5e+3, 2024-01-05...: PyYAML decides
                if value not in _NOT_STRINGS:
                    found.append((value, base + pos + m.start(2)))
        pos += len(line) + 1
    for value, start in found:
        b.add(value, start)
        b.end_block("front-matter")
    return True


# What YAML 1.1 resolves a plain scalar of the simple form to, when not a string. The simple form has
# no ``:`` and starts with a letter or digit, which leaves the booleans and nulls below, and numbers and
# dates (digits, hex letters, ``x``, ``.``, ``_``, signs); a value that only may be one goes to PyYAML.
_NOT_STRINGS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split()
)
_MAYBE_NUMBER = compile_lazily(r"[0-9][0-9A-Fa-fxX_.+-]*")


def read_front_matter(b: ProseBuilder, source: str, fields: Iterable[str] | None = None) -> int:
    """Add the front matter's prose fields to ``b``; return where the document body starts (0 if none)."""
    kind, body_start, body_end, end = split(source)
    if not end:
        return 0
    wanted = frozenset(FRONT_MATTER_FIELDS if fields is None else fields)
    body = source[body_start:body_end]
    if kind == "toml":
        _read_toml(b, body, body_start, wanted)
        return end
    if FAST and body and _read_simple_yaml(b, body, body_start, wanted):
        return end
    import yaml  # only for front matter beyond the simple form

    try:
        root = yaml.compose(body, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, RecursionError):
        return end  # broken front matter: skipped
    if root is None or isinstance(root, yaml.MappingNode):
        _read_yaml(b, root, body, body_start, wanted)
        return end
    return 0  # not a mapping (e.g. prose between two thematic breaks): the body is Markdown


def _read_yaml(b: ProseBuilder, root: yaml.MappingNode | None, body: str, base: int, wanted: frozenset[str]) -> None:
    import yaml  # loaded by the caller already

    if root is None:
        return
    starts = line_starts(body)
    for key, value in root.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value in wanted):
            continue
        if not (isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:str"):
            continue
        start = starts[value.start_mark.line] + value.start_mark.column
        end = starts[value.end_mark.line] + value.end_mark.column
        style = value.style or ""
        if style in ("|", ">"):
            # block scalar: the text starts on the line after the indicator
            line = value.start_mark.line + 1
            start = starts[line] if line < len(starts) else end
            b.add(body[start:end], base + start)
        elif style == '"':
            _add_escaped(b, body, start + 1, end - 1, base)
        elif style == "'":
            _add_single_quoted(b, body[start + 1 : end - 1], base + start + 1)
        else:
            b.add(body[start:end], base + start)
        b.end_block("front-matter")


def _read_toml(b: ProseBuilder, body: str, base: int, wanted: frozenset[str]) -> None:
    table = _TOML_TABLE.search(body)
    limit = table.start() if table else len(body)
    for m in _TOML_PAIR.finditer(body, 0, limit):
        if (m.group(1) or m.group(2) or m.group(3)) not in wanted:
            continue
        if m.start(4) >= 0 or m.start(6) >= 0:  # basic strings: escapes
            g = 4 if m.start(4) >= 0 else 6
            _add_escaped(b, body, m.start(g), m.end(g), base)
        else:  # literal strings: verbatim
            g = 5 if m.start(5) >= 0 else 7
            b.add(m.group(g), base + m.start(g))
        b.end_block("front-matter")


def _add_escaped(b: ProseBuilder, text: str, start: int, end: int, base: int) -> None:
    """Add ``text[start:end]``, a double-quoted string's inside, decoding backslash escapes."""
    pos = start
    for m in _ESCAPE.finditer(text, start, end):
        b.add(text[pos : m.start()], base + pos)
        code = m.group()[1:]
        if code[0] in "xuU" and len(code) > 1:
            cp = int(code[1:], 16)
            b.add(chr(cp) if cp <= 0x10FFFF else "\ufffd", base + m.start(), verbatim=False)
        elif code[0] not in "\r\n":  # an escaped line break joins the lines
            b.add(_SIMPLE_ESCAPES.get(code, code), base + m.start(), verbatim=False)
        pos = m.end()
    b.add(text[pos:end], base + pos)


def _add_single_quoted(b: ProseBuilder, raw: str, src: int) -> None:
    """Add a YAML single-quoted string's inside: ``''`` stands for one quote."""
    pos = 0
    for part in raw.split("''"):
        if pos:
            b.add("'", src + pos - 1)  # the second quote of the pair, verbatim
        b.add(part, src + pos)
        pos += len(part) + 2
