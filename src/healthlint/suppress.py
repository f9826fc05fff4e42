"""Inline suppressions: ``healthlint-disable-next-line``, ``healthlint-disable`` ... ``healthlint-enable``.

Directives are HTML comments, with the same grammar in Markdown, HTML and plain text::

    <!-- healthlint-disable-next-line KET001 -->
    <!-- healthlint-disable KET001, ketamine-erases-suicidal-thoughts -->  ...  <!-- healthlint-enable -->

In plain text a directive may also stand alone on its line, optionally after ``#`` or ``//``. Rules are
named by ID, ID prefix (``KET``) or name; no rules means all rules. ``healthlint-enable`` without rules
ends every open ``disable``; with rules it re-enables those rules only.

Comments are found with a regex over the source, not the prose. When the format's reader exposes
``comments(source)`` (the Markdown and HTML readers do), only directives the reader saw as comments count,
so one inside code does not; otherwise fenced code blocks are skipped by a line scan (indented code and
inline code spans are not: a caveat of the fallback).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import NamedTuple

import regex

from healthlint.lazyre import compile_lazily
from healthlint.model import Finding
from healthlint.textmodel import LineIndex

MARKER = "healthlint-"
_RULES = r"(?P<rules>(?:[ \t]+[\w-]+(?:[ \t]*,[ \t]*[\w-]+|[ \t]+[\w-]+)*)?)[ \t]*"
#: One named regex per form, matched against a comment's stripped body.
FORMS: dict[str, regex.Pattern] = {
    "disable-next-line": compile_lazily(rf"healthlint-disable-next-line{_RULES}"),
    "disable": compile_lazily(rf"healthlint-disable{_RULES}"),
    "enable": compile_lazily(rf"healthlint-enable{_RULES}"),
}
_HTML_COMMENT = compile_lazily(r"<!--\s*(?P<body>healthlint-.*?)\s*-->", regex.S)
_TEXT_LINE = compile_lazily(r"^[ \t]*(?:#+|//)?[ \t]*(?P<body>healthlint-[^\n<]*?)[ \t]*$", regex.M)
_FENCE = compile_lazily(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<rest>[^\n]*)", regex.M)
_SPLIT = compile_lazily(r"[\s,]+")


class Directive(NamedTuple):
    kind: str  # disable-next-line | disable | enable
    rules: tuple[str, ...]  # IDs, prefixes or names; empty: all rules
    line: int  # where the comment starts (1-based)
    column: int
    end: tuple[int, int]  # (line, column) just after the comment
    text: str  # the directive as written, e.g. "healthlint-disable KET001"


class Unused(NamedTuple):
    """A suppression that suppressed nothing (``rules``: the unused ones; empty: the whole directive)."""

    path: str
    directive: Directive
    rules: tuple[str, ...] = ()

    def __str__(self) -> str:
        d = self.directive
        what = f"{', '.join(self.rules)} in " if self.rules else ""
        return f"{self.path}:{d.line}:{d.column}: unused suppression: {what}<!-- {d.text} -->"


def matches(selector: str, rule_id: str, name: str) -> bool:
    """True when ``selector`` (an ID, an ID prefix such as KET or KET00, a name, or ALL) names the rule."""
    if selector == name:
        return True
    s = selector.upper()
    return s == "ALL" or (rule_id.startswith(s) and s[:1].isalpha())


def _comment_offsets(fmt: str, source: str) -> set[int] | None:
    """Offsets of the ``<!--`` of real comments, when the format's reader reports them."""
    from healthlint.readers import READERS

    spec = READERS.get(fmt)
    if spec is None:
        return None
    comments: Callable | None = getattr(import_module(spec.partition(":")[0]), "comments", None)
    return None if comments is None else {c.offset for c in comments(source)}


def _in_fences(source: str) -> Callable[[int], bool]:
    """Whether an offset is inside a fenced code block (for readers that do not report comments)."""
    spans: list[tuple[int, int]] = []
    open_at, fence = -1, ""
    for m in _FENCE.finditer(source):
        f = m.group("fence")
        if open_at < 0:
            open_at, fence = m.start(), f
        elif f[0] == fence[0] and len(f) >= len(fence) and m.group("rest").strip() == "":
            spans.append((open_at, m.end()))
            open_at = -1
    if open_at >= 0:
        spans.append((open_at, len(source)))
    return lambda offset: any(a <= offset < b for a, b in spans)


def find_directives(source: str, fmt: str) -> list[Directive]:
    """The suppression directives of a document, in source order."""
    if MARKER not in source:
        return []
    found = [(m.start(), m.end(), m.group("body")) for m in _HTML_COMMENT.finditer(source)]
    real = _comment_offsets(fmt, source)
    if real is not None:
        found = [f for f in found if f[0] in real]
    else:
        inside = _in_fences(source) if fmt == "markdown" else (lambda _offset: False)
        found = [f for f in found if not inside(f[0])]
    if fmt == "text":
        found += [(m.start(), m.end(), m.group("body")) for m in _TEXT_LINE.finditer(source)]
        found.sort()
    lines = LineIndex(source)
    out: list[Directive] = []
    for start, end, body in found:
        body = " ".join(body.split())
        for kind, form in FORMS.items():
            m = form.fullmatch(body)
            if m is not None:
                rules = tuple(r for r in _SPLIT.split(m.group("rules")) if r)
                line, col = lines.position(start)
                out.append(Directive(kind, rules, line, col, lines.position(end), body))
                break
    return out


class _Region(NamedTuple):
    directive: Directive
    rules: tuple[str, ...]
    start: tuple[int, int]
    end: tuple[int, int]


def _regions(directives: Sequence[Directive]) -> list[_Region]:
    done: list[_Region] = []
    open_: list[_Region] = []
    never = (1 << 62, 0)
    for d in directives:
        if d.kind == "disable-next-line":
            done.append(_Region(d, d.rules, (d.end[0] + 1, 0), (d.end[0] + 2, 0)))
        elif d.kind == "disable":
            open_.append(_Region(d, d.rules, d.end, never))
        else:  # enable: close the regions it names (all of them without rules)
            enabled = {r.upper() for r in d.rules}
            still: list[_Region] = []
            for region in open_:
                if enabled and not region.rules:
                    still.append(region)
                    continue
                done.append(_Region(region.directive, region.rules, region.start, (d.line, d.column)))
                left = tuple(r for r in region.rules if r.upper() not in enabled) if enabled else ()
                if left:
                    still.append(_Region(region.directive, left, (d.line, d.column), never))
            open_ = still
    return done + open_


def apply(findings: list[Finding], source: str, fmt: str, path: str) -> tuple[list[Finding], list[Unused]]:
    """Drop the findings the document's directives suppress; also return the directives that did nothing."""
    directives = find_directives(source, fmt)
    if not directives:
        return findings, []
    regions = _regions(directives)
    used: dict[Directive, set[str]] = {}
    kept: list[Finding] = []
    for f in findings:
        suppressed = False
        for region in regions:
            if not region.start <= (f.line, f.column) < region.end:
                continue
            if not region.rules:
                used.setdefault(region.directive, set()).add("")
                suppressed = True
            for sel in region.rules:
                if matches(sel, f.rule_id, f.rule.name):
                    used.setdefault(region.directive, set()).add(sel)
                    suppressed = True
        if not suppressed:
            kept.append(f)
    unused: list[Unused] = []
    for d in directives:
        if d.kind == "enable":
            continue
        hits = used.get(d, set())
        if not d.rules and not hits:
            unused.append(Unused(path, d))
        elif d.rules and len(hits) < len(set(d.rules)):
            unused.append(Unused(path, d, tuple(dict.fromkeys(r for r in d.rules if r not in hits))))
    return kept, unused
