"""Module-level patterns compiled on first use, or restored from the rule cache.

``regex`` parses a pattern in Python, about half a millisecond each; a run on one page (a pre-commit
hook) would otherwise compile every pattern of every module it imports, most of them for input it never
sees (front matter kinds, suppression comments, rule loading on a cache miss). Even the two dozen a page
does need cost about 20 ms, so the rule cache also keeps every module pattern in compiled form
(:func:`snapshot`, :func:`restore`): a pickled ``regex`` pattern carries its compiled code and loads
without being parsed again.
"""

from __future__ import annotations

import pickle
from typing import Any

import regex

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
#: Modules that define lazy patterns; :func:`snapshot` imports them so that it sees all of them.
_MODULES = (
    "healthlint.engine",
    "healthlint.normalize",
    "healthlint.prefilter",
    "healthlint.readers.frontmatter",
    "healthlint.readers.html",
    "healthlint.readers.markdown",
    "healthlint.readers.plain",
    "healthlint.rules",
    "healthlint.scope",
    "healthlint.sentences",
    "healthlint.suppress",
)

_all: list[LazyPattern] = []
#: (pattern, flags) -> a pickled compiled pattern, from :func:`restore`
_restored: dict[tuple[str, int], bytes] = {}


class LazyPattern:
    """Stands for ``regex.compile(pattern, flags)``; compiles it when a method is first looked up,
    then holds the compiled pattern's bound methods, so later calls cost what direct ones do."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        _all.append(self)

    def __getattr__(self, name: str) -> Any:  # only called for attributes not set yet
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            blob = _restored.pop((self.pattern, int(self.flags)), None)
            if blob is not None:
                compiled = pickle.loads(blob)
            else:
                compiled = regex.compile(self.pattern, self.flags)
            self._compiled = compiled
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def compile_lazily(pattern: str, flags: int = 0) -> Any:
    return LazyPattern(pattern, flags)


def snapshot() -> dict[tuple[str, int], bytes]:
    """Every module pattern, compiled and pickled, for :func:`restore` in a later process."""
    import importlib

    for name in _MODULES:
        importlib.import_module(name)
    return {
        (p.pattern, int(p.flags)): pickle.dumps(regex.compile(p.pattern, p.flags), pickle.HIGHEST_PROTOCOL)
        for p in _all
    }


def restore(blobs: dict[tuple[str, int], bytes]) -> None:
    """Let patterns not compiled yet load from ``blobs`` (see :func:`snapshot`) instead of compiling."""
    _restored.update(blobs)
