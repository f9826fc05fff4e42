"""Normalisation of prose before matching, keeping a map back to the input.

Rules see one spelling of each thing: any whitespace run is one space; curly quotes and dashes are
straight; invisible characters (zero-width, soft hyphen, bidi controls) are gone; Cyrillic and Greek
letters that look like Latin ones are Latin; trade mark signs (™, ℠) are gone; compatibility forms (ligatures, full-width letters) are
NFKC-folded; and a word hyphenated across a line break is joined. All of it is done piecewise so that
each output character still knows which input character it came from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import regex

from healthlint.lazyre import compile_lazily

_SPACES = "\t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4\u0060"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
# Letters from other scripts that render like Latin ones; copy uses them to dodge filters.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ɡ": "g", "һ": "h", "ո": "n", "ս": "u",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x", "ε": "e",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}

_TABLE = str.maketrans(
    {
        **{c: " " for c in _SPACES},
        **{c: "'" for c in _SINGLE_QUOTES},
        **{c: '"' for c in _DOUBLE_QUOTES},
        **{c: "-" for c in _DASHES},
        **_LOOKALIKES,
    }
)

# The same table for ASCII text, as bytes (str.translate with a dict costs microseconds per call)
_ASCII_TABLE = bytes.maketrans(
    bytes(c for c in _TABLE if c < 128), "".join(_TABLE[c] for c in _TABLE if c < 128).encode("ascii")
)

# Characters dropped: invisible ones, and the trade mark signs ™ and ℠, which NFKC would fold into a "TM"
# glued to the word before them ("Clinically Proven™" must read "Clinically Proven", not "ProvenTM").
_MARKS = "\u2120\u2122"
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    + _MARKS
)
# A run of two or more spaces/invisibles, or one invisible character.
_SQUEEZE = compile_lazily(f"[ {_INVISIBLE}]{{2,}}|[{_INVISIBLE}]")
_ASCII_SQUEEZE = compile_lazily(" {2,}")
# A lower-case word broken by a hyphen (or a soft hyphen) at a line end: "er-\nases" reads "erases".
_HYPHENS = "-\u00ad\u2010\u2011"
_HYPHEN_BREAK = compile_lazily(f"[{_HYPHENS}](?<=\\p{{Ll}}[{_HYPHENS}])[ \\t]*\\r?\\n[ \\t]*(?=\\p{{Ll}})")
# Characters that NFKC changes on their own (full-width letters, ligatures, super/subscripts...).
_NFKC_UNSTABLE = compile_lazily(r"\p{NFKC_QC=N}")

_nfkc_cache: dict[str, str] = {}


def _nfkc(c: str) -> str:
    folded = _nfkc_cache.get(c)
    if folded is None:
        folded = unicodedata.normalize("NFKC", c)
        folded = folded.translate(_TABLE) if folded != c else c
        _nfkc_cache[c] = folded
    return folded


def normalize_plain(s: str) -> str | None:
    """The normalised ``s`` when it maps character by character to ``s`` (ASCII, no run of spaces, no word
    hyphenated across a line break: the common case), else None (use :func:`normalize_piece`)."""
    if not s.isascii():
        return None
    t = s.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    if "  " in t or ("\n" in s and _HYPHEN_BREAK.search(s)):
        return None
    return t


def normalize_piece(s: str) -> Iterator[tuple[str, int, bool]]:
    """Yield ``(text, offset_in_s, linear)`` pieces whose concatenation is the normalised ``s``.

    ``linear`` pieces map character by character to ``s[offset:]``; other pieces stand for the single
    input position ``offset``.
    """
    edits: list[tuple[int, int, str]] = []
    if "\n" in s:
        edits.extend((m.start(), m.end(), "") for m in _HYPHEN_BREAK.finditer(s))
    if s.isascii():
        t = s.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
    else:
        t = s.translate(_TABLE)
    if t.isascii():
        if "  " in t:
            edits.extend((m.start(), m.end(), " ") for m in _ASCII_SQUEEZE.finditer(t))
    else:
        for m in _SQUEEZE.finditer(t):
            edits.append((m.start(), m.end(), " " if " " in m.group() else ""))
        for m in _NFKC_UNSTABLE.finditer(t):
            c = m.group()
            folded = _nfkc(c)
            if folded != c and c not in _MARKS:  # the marks are dropped above
                edits.append((m.start(), m.end(), folded))
    if not edits:
        yield t, 0, True
        return
    edits.sort()
    last = 0
    for start, end, repl in edits:
        if start < last:  # overlapping edit (e.g. a squeezed run inside a hyphen break): first one wins
            continue
        if start > last:
            yield t[last:start], last, True
        if repl:
            if repl == " ":
                # keep the first space of the run, so the column points at real whitespace
                first = t.find(" ", start, end)
                yield " ", first if first != -1 else start, True
            else:
                yield repl, start, len(repl) == 1 and end - start == 1
        last = end
    if last < len(t):
        yield t[last:], last, True
