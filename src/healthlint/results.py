"""Findings of files checked before, cached on disk by content, so a run re-checks only what changed.

A CI gate on a content repository checks thousands of pages on every push, and few of them changed.
A file's findings depend only on its bytes, its name and format, the rule set with the code that
applies it (the rule cache's key, :func:`healthlint.cache.load_linter`), and the front matter fields
the config adds. An entry is keyed by a hash of all of these, so an edited page, rule file or
healthlint version is a miss, never a stale hit. Keys are of content, not of modification times, so a
fresh clone in CI (every file new to the file system) hits the cache its last run left.

Like the rule cache this is an optimisation only: a missing, unreadable or damaged entry is checked
again, and a file on which a rule ran out of time is not cached (its findings depend on the machine).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from healthlint.model import Finding

try:  # as in healthlint.cache: the hash without hashlib's import of OpenSSL
    from _blake2 import blake2b
except ImportError:  # not CPython
    from hashlib import blake2b

_FORMAT = 1
#: Result folders kept, the newest first: one per rule set, as several checkouts may share the cache.
KEEP = 4


class ResultCache:
    """Cached results of one rule set, in ``folder`` (one file per checked file's content key)."""

    __slots__ = ("folder", "_salt", "_rules", "_made")

    def __init__(self, folder: Path, salt: str, rules) -> None:
        self.folder = folder
        self._salt = salt.encode()
        self._rules = {r.id: r for r in rules}
        self._made: set[str] = set()

    @classmethod
    def for_linter(cls, linter) -> ResultCache | None:
        """The result cache of ``linter``'s rule set, or None when its rules did not come through the
        rule cache (caching is off, or the cache folder is unusable)."""
        key = getattr(linter, "rules_key", None)
        from healthlint.cache import cache_dir

        base = cache_dir()
        if key is None or base is None:
            return None
        salt = f"{_FORMAT}|{key}|{linter.front_matter_fields!r}"
        folder = base / f"results-{blake2b(salt.encode(), digest_size=16).hexdigest()}"
        try:
            os.utime(folder)  # in use: pruning (by modification time) keeps the folders used last
        except OSError:
            pass  # not made yet
        return cls(folder, salt, linter.rules)

    def key(self, display: str, fmt: str, path: Path) -> str | None:
        """The key of the file at ``path``, reported as ``display`` and read as ``fmt``; None when it
        cannot be read (checking it reports why)."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        h = blake2b(self._salt, digest_size=16)
        h.update(b"\0" + display.encode("utf-8", "surrogateescape") + b"\0" + fmt.encode() + b"\0")
        h.update(data)
        return h.hexdigest()

    def get(self, key: str):
        """``(findings, notes, unused)`` stored under ``key``, or None."""
        try:
            with open(self.folder / key[:2] / key, "rb") as f:
                rows, notes, unused = pickle.load(f)
            rules = self._rules
            findings = tuple(Finding(*row[:9], rules[row[5]], row[9]) for row in rows)
        except Exception:  # noqa: BLE001 - missing, damaged or from a rule that is gone: a miss
            return None
        return findings, notes, unused

    def put(self, key: str, findings, notes, unused) -> None:
        rows = [(f.path, f.line, f.column, f.end_line, f.end_column, f.rule_id, f.severity, f.message,
                 f.match, f.sentence) for f in findings]
        sub = key[:2]
        path = self.folder / sub / key
        tmp = path.with_name(f".{key}.{os.getpid()}")
        try:
            if sub not in self._made:
                if not self.folder.exists():
                    self.folder.mkdir(parents=True)
                    self._prune()
                (self.folder / sub).mkdir(exist_ok=True)
                self._made.add(sub)
            with open(tmp, "wb") as f:
                pickle.dump((rows, tuple(notes), tuple(unused)), f, pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # readers see the whole entry or none
        except OSError:  # read-only or full cache folder: the run goes on uncached
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def _prune(self) -> None:
        """Remove the result folders of all but the :data:`KEEP` newest rule sets."""
        import shutil

        def mtime(p: Path) -> float:
            try:
                return p.stat().st_mtime
            except OSError:
                return 0.0

        folders = sorted(self.folder.parent.glob("results-*"), key=mtime, reverse=True)
        for old in folders[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)
