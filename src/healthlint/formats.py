"""Output formats: pure functions from findings to text. The CLI's --format choices come from FORMATS.

Every formatter is ``fn(findings, files, *, nuance=True, color=False) -> str``. JSON follows
``schema/findings.schema.json``; SARIF is 2.1.0 as GitHub code scanning reads it; ``github`` prints
workflow commands. See docs/output.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from urllib.parse import quote

from healthlint import __version__
from healthlint.model import Finding
from healthlint.rules import Rule

DISCLAIMER = "healthlint flags claims for human review; it gives no medical advice."
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

#: The one place severities map to other tools' levels: (SARIF level, GitHub command, text colour).
LEVELS: dict[str, tuple[str, str, str]] = {
    "error": ("error", "error", "red"),
    "warning": ("warning", "warning", "yellow"),
    "info": ("note", "notice", "blue"),
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _summary(findings: Sequence[Finding], files: int) -> str:
    if not findings:
        return f"No findings in {_plural(files, 'file')}."
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    parts = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items() if n)
    return f"Found {_plural(len(findings), 'finding')} ({parts}) in {_plural(files, 'file')}."


_FG = {"red": 31, "yellow": 33, "blue": 34}


def _ansi(s: str, fg: str | None = None, bold: bool | None = None, dim: bool = False) -> str:
    """``s`` in terminal colours, as ``click.style`` writes them (the check runs without click)."""
    codes = ([_FG[fg]] if fg else []) + ([] if bold is None else [1 if bold else 22]) + ([2] if dim else [])
    return "".join(f"\x1b[{c}m" for c in codes) + s + "\x1b[0m"


def to_text(findings: Sequence[Finding], files: int, *, nuance: bool = True, color: bool = False) -> str:
    def style(s: str, **kw) -> str:
        return _ansi(s, **kw) if color else s

    out: list[str] = []
    for f in findings:
        where = style(f"{f.path}:{f.line}:{f.column}:", bold=True)
        level = style(f"{f.rule_id} {f.severity}", fg=LEVELS[f.severity][2], bold=True)
        out.append(f"{where} {level} {f.message}")
        if nuance:
            import textwrap  # only when there is a nuance to print: a clean page needs none of it

            out.extend(textwrap.wrap(f.rule.nuance, width=100, initial_indent="    ", subsequent_indent="    "))
            ref = f.rule.references[0]
            out.append(style(f"    ref: {ref.title} <{ref.url}>", dim=True))
    if out and nuance:
        out.append("")
    out.append(style(_summary(findings, files), bold=bool(findings)))
    return "\n".join(out) + "\n"


def finding_dict(f: Finding) -> dict:
    return {
        "rule_id": f.rule_id,
        "name": f.rule.name,
        "severity": f.severity,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "message": f.message,
        "match": f.match,
        "nuance": f.rule.nuance,
        "references": [{"title": r.title, "url": r.url} for r in f.rule.references],
        "suggestion": f.rule.suggestion,
    }


def dump_json(data: object) -> str:
    import json  # imported by the machine-readable formats only: the text report has no use for it

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_json(findings: Sequence[Finding], files: int, **_: object) -> str:
    return dump_json([finding_dict(f) for f in findings])


def artifact_uri(path: str) -> str:
    """A relative URI with forward slashes (percent-encoded), as SARIF's artifactLocation wants."""
    from healthlint.baseline import normal_path

    return quote(normal_path(path), safe="/-._~")


def _help_text(rule: Rule) -> tuple[str, str]:
    refs = [f"- {r.title}: {r.url}" for r in rule.references]
    md_refs = [f"- [{r.title}]({r.url})" for r in rule.references]
    tail = [f"Suggested wording: {rule.suggestion}"] if rule.suggestion else []
    text = "\n".join([rule.nuance, "", "References:", *refs, *([""] + tail if tail else [])])
    markdown = "\n".join([rule.nuance, "", "**References**", "", *md_refs, *([""] + tail if tail else [])])
    return text, markdown


def sarif_rule(rule: Rule) -> dict:
    text, markdown = _help_text(rule)
    tags = [t for t in (rule.pack, rule.family) if t]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.message.replace("{match}", "…")},
        "fullDescription": {"text": rule.nuance},
        "help": {"text": text, "markdown": markdown},
        "helpUri": rule.references[0].url,
        "defaultConfiguration": {"level": LEVELS[rule.severity][0]},
        "properties": {"tags": ["health-claims", *tags]},
    }


def to_sarif(findings: Sequence[Finding], files: int, **_: object) -> str:
    from healthlint.baseline import fingerprints

    rules: dict[str, Rule] = {}
    for f in sorted(findings, key=lambda f: f.rule_id):
        rules.setdefault(f.rule_id, f.rule)
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    results = [
        {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": LEVELS[f.severity][0],
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(f.path)},
                    "region": {
                        "startLine": f.line, "startColumn": f.column,
                        "endLine": f.end_line, "endColumn": f.end_column,
                        "snippet": {"text": f.match},
                    },
                }
            }],
            "partialFingerprints": {"healthlintClaim/v1": fp},
        }
        for f, fp in zip(findings, fingerprints(findings))
    ]
    run = {
        "tool": {"driver": {
            "name": "healthlint", "version": __version__, "semanticVersion": __version__,
            "rules": [sarif_rule(r) for r in rules.values()],
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return dump_json(doc)


def _escape_data(s: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData)
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    # ... and escapeProperty: also ':' and ','
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Sequence[Finding], files: int, **_: object) -> str:
    lines = []
    for f in findings:
        props = {
            "file": f.path, "line": f.line, "col": f.column, "endLine": f.end_line, "endColumn": f.end_column,
            "title": f"{f.rule_id} {f.rule.name}",
        }
        joined = ",".join(f"{k}={_escape_property(str(v))}" for k, v in props.items())
        lines.append(f"::{LEVELS[f.severity][1]} {joined}::{_escape_data(f.message)}\n")
    return "".join(lines)


def statistics(findings: Sequence[Finding], as_json: bool = False) -> str:
    """Count per rule, most frequent first (``--statistics``)."""
    counts = Counter(f.rule_id for f in findings)
    by_id = {f.rule_id: f for f in findings}
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if as_json:
        data = [{"rule_id": r, "name": by_id[r].rule.name, "severity": by_id[r].severity, "count": n}
                for r, n in rows]
        return dump_json(data)
    width = max((len(str(n)) for _, n in rows), default=1)
    return "".join(f"{n:>{width}}\t{r}\t{by_id[r].rule.name}\n" for r, n in rows)


FORMATS: dict[str, Callable[..., str]] = {"text": to_text, "json": to_json, "sarif": to_sarif, "github": to_github}
