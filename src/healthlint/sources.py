"""Find the files to check and decode them."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from healthlint.readers import SUFFIXES

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"})

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class SourceError(Exception):
    """A file that cannot be checked; the message names the cause (the path is added by the caller)."""


class SkippedFile(SourceError):
    """A file deliberately not checked (binary): reported as a note, not an error."""


class Decoded(NamedTuple):
    text: str
    note: str | None = None  # something the user should know (e.g. invalid UTF-8 replaced)


def decode(data: bytes) -> Decoded:
    """Decode file bytes: a BOM decides the encoding; otherwise UTF-8, with invalid bytes replaced."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding))
            except UnicodeDecodeError as exc:
                raise SourceError(f"invalid {encoding} at byte {exc.start + len(bom)}") from None
    if b"\x00" in data:
        raise SkippedFile("binary file (NUL bytes), skipped")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if not _UTF8_MULTIBYTE.search(data):
            # Not one valid multi-byte UTF-8 sequence: a legacy 8-bit file (Latin-1/Windows-1252).
            return Decoded(data.decode("cp1252", errors="replace"), "not UTF-8; read as Windows-1252 (Latin-1)")
        return Decoded(
            data.decode("utf-8", errors="replace"),
            f"invalid UTF-8 at byte {exc.start}; undecodable bytes replaced with U+FFFD",
        )


def read_file(path: Path) -> Decoded:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc)) from None
    return decode(data)


def discover(paths: list[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """Yield ``(display_path, path, error)`` for each file to check, in a stable order.

    Folders are walked for the known suffixes (hidden and vendor folders skipped, symlinked folders not
    followed); files named explicitly are checked whatever their suffix. ``-`` is standard input.
    """
    for arg in paths:
        if arg == "-":
            yield "-", None, None
            continue
        p = Path(arg)
        if p.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in files:
                    if Path(name).suffix.lower() in SUFFIXES:
                        found.append(Path(root) / name)
            for f in sorted(found):
                yield str(f), f, None
        elif p.exists():
            yield arg, p, None
        else:
            yield arg, None, "no such file or directory"
