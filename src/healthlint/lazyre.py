"""Module-level patterns compiled on first use.

``regex`` parses a pattern in Python, about half a millisecond each; a run on one page (a pre-commit
hook) would otherwise compile every pattern of every module it imports, most of them for input it never
sees (front matter kinds, suppression comments, rule loading on a cache miss).
"""

from __future__ import annotations

from typing import Any

import regex

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """Stands for ``regex.compile(pattern, flags)``; compiles it when a method is first looked up,
    then holds the compiled pattern's bound methods, so later calls cost what direct ones do."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:  # only called for attributes not set yet
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = regex.compile(self.pattern, self.flags)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def compile_lazily(pattern: str, flags: int = 0) -> Any:
    return LazyPattern(pattern, flags)
