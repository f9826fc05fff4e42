"""The one problem type every stage after the engine sees."""

from __future__ import annotations

from healthlint.rules import Rule

_KEY = ("path", "line", "column", "end_line", "end_column", "rule_id")
_FIELDS = (*_KEY, "severity", "message", "match", "rule", "sentence")


class Finding:
    """One finding. Findings compare, sort and hash by place and rule only (``_KEY``): the same rule
    at the same span is the same finding whatever its message or severity says. Immutable by
    convention; :meth:`replace` makes a changed copy."""

    __slots__ = _FIELDS

    def __init__(self, path: str, line: int, column: int, end_line: int, end_column: int, rule_id: str,
                 severity: str, message: str, match: str, rule: Rule, sentence: str = "") -> None:
        self.path, self.line, self.column, self.end_line, self.end_column = path, line, column, end_line, end_column
        self.rule_id, self.severity, self.message, self.match = rule_id, severity, message, match
        self.rule, self.sentence = rule, sentence

    def _key(self) -> tuple[str, int, int, int, int, str]:
        return (self.path, self.line, self.column, self.end_line, self.end_column, self.rule_id)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Finding) else NotImplemented

    def __lt__(self, other: Finding) -> bool:
        return self._key() < other._key() if isinstance(other, Finding) else NotImplemented

    def __le__(self, other: Finding) -> bool:
        return self._key() <= other._key() if isinstance(other, Finding) else NotImplemented

    def __gt__(self, other: Finding) -> bool:
        return self._key() > other._key() if isinstance(other, Finding) else NotImplemented

    def __ge__(self, other: Finding) -> bool:
        return self._key() >= other._key() if isinstance(other, Finding) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS[:9])
        return f"Finding({shown})"

    def __reduce__(self):  # pickled between worker processes
        return Finding, tuple(getattr(self, name) for name in _FIELDS)

    def replace(self, **changes) -> Finding:
        return Finding(**{name: changes.pop(name, getattr(self, name)) for name in _FIELDS}, **changes)
