"""Readers turn a source file into :class:`~healthlint.textmodel.Prose`.

Each reader is a function ``read(source: str) -> Prose``. The registry maps a format name to its reader
and file suffixes to formats; the CLI and the engine only use :func:`read` and :func:`format_for`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import PurePath

from healthlint.textmodel import Prose

#: format name -> "module:function" (imported lazily, so start-up pays only for what it reads)
READERS: dict[str, str] = {
    "text": "healthlint.readers.plain:read",
    "markdown": "healthlint.readers.markdown:read",
    "html": "healthlint.readers.html:read",
}

SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str | PurePath, default: str = "text") -> str:
    return SUFFIXES.get(PurePath(path).suffix.lower(), default)


_loaded: dict[str, Callable[[str], Prose]] = {}


def reader(fmt: str) -> Callable[[str], Prose]:
    fn = _loaded.get(fmt)
    if fn is None:
        module, _, name = READERS[fmt].partition(":")
        fn = _loaded[fmt] = getattr(import_module(module), name)
    return fn


def read(source: str, fmt: str) -> Prose:
    return reader(fmt)(source)
