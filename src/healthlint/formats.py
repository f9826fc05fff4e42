"""Output formats: pure functions from findings to text. The CLI's --format choices come from FORMATS."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Sequence

from healthlint.model import Finding

DISCLAIMER = "healthlint flags claims for human review; it gives no medical advice."


def _summary(findings: Sequence[Finding], files: int) -> str:
    if not findings:
        return f"No findings in {files} file{'s' if files != 1 else ''}."
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    parts = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items() if n)
    return f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({parts}) in {files} file{'s' if files != 1 else ''}."


def to_text(findings: Sequence[Finding], files: int, nuance: bool = True) -> str:
    out: list[str] = []
    for f in findings:
        out.append(f"{f.path}:{f.line}:{f.column}: {f.rule_id} {f.severity} {f.message}")
        if nuance:
            out.extend(textwrap.wrap(f.rule.nuance, width=100, initial_indent="    ", subsequent_indent="    "))
            ref = f.rule.references[0]
            out.append(f"    ref: {ref.title} <{ref.url}>")
    if out and nuance:
        out.append("")
    out.append(_summary(findings, files))
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


def to_json(findings: Sequence[Finding], files: int, nuance: bool = True) -> str:
    return json.dumps([finding_dict(f) for f in findings], indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[..., str]] = {"text": to_text, "json": to_json}
