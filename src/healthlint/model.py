"""The one problem type every stage after the engine sees."""

from __future__ import annotations

from dataclasses import dataclass, field

from healthlint.rules import Rule


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule_id: str
    severity: str = field(compare=False)
    message: str = field(compare=False)
    match: str = field(compare=False)
    rule: Rule = field(compare=False, repr=False)
    sentence: str = field(compare=False, repr=False, default="")
