"""Compiled rule sets, cached on disk by the content hash of the rule files.

Start-up matters for a pre-commit hook: parsing YAML, validating against JSON Schema (and importing
jsonschema), compiling patterns and building the prefilter happen only when a rule file, the
healthlint version, or the Python/regex versions change. The cache is an optimisation only: any
problem reading or writing it falls back to loading the rules from their files.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import regex

from healthlint import __version__, lazyre, rules
from healthlint.rules import builtin_rules_dir, load_rules

try:  # the hash hashlib offers, without hashlib's import of OpenSSL (~3 ms of every run)
    from _blake2 import blake2b
except ImportError:  # not CPython
    from hashlib import blake2b

_FORMAT = 3  # 2: (linter, module patterns); 3: Branches carry their anchored mask


def cache_dir() -> Path | None:
    if os.environ.get("HEALTHLINT_NO_CACHE"):
        return None
    base = os.environ.get("HEALTHLINT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / ("" if os.environ.get("HEALTHLINT_CACHE_DIR") else "healthlint")
    home = Path.home()
    return home / ".cache" / "healthlint" if str(home) not in ("", "/") else None


def _key(dirs: list[Path]) -> str:
    h = blake2b(f"{_FORMAT}|{__version__}|{sys.version}|{regex.__version__}".encode())
    # The code that compiles and pickles the rules is part of the key too, so an upgrade (or a
    # development checkout) never loads objects pickled by different code; its files by size and
    # modification time, which any edit or reinstall changes, the rule files by content.
    _digest_tree(h, os.path.dirname(os.path.abspath(__file__)), (".py", ".json"), by_content=False)
    for d in dirs:
        h.update(b"\0dir\0" + str(d.resolve()).encode())
        _digest_tree(h, str(d), (".yaml", ".yml"))
    return h.hexdigest()[:32]


def _digest_tree(h, folder: str, suffixes: tuple[str, ...], by_content: bool = True) -> None:
    """Add the names and contents (or sizes and modification times) of the files under ``folder``
    ending in ``suffixes`` to ``h``. With os.walk: pathlib costs more than the reading."""
    for root, subdirs, files in os.walk(folder):
        subdirs.sort()
        for name in sorted(files):
            if name.endswith(suffixes):
                path = os.path.join(root, name)
                h.update(f"\0{path[len(folder):]}\0".encode())
                if by_content:
                    with open(path, "rb") as f:
                        h.update(f.read())
                else:
                    st = os.stat(path)
                    h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())


def load_linter(dirs: list[Path] | None = None):
    """A :class:`~healthlint.engine.Linter` for the rules in ``dirs`` (default: built-in), cached."""
    from healthlint.engine import Linter, verify_examples

    builtin = builtin_rules_dir()
    user_dirs = [Path(d) for d in dirs] if dirs else []
    folder = cache_dir()
    path = None
    if folder is not None:
        try:
            path = folder / f"rules-{_key([builtin, *user_dirs])}.pickle"
            with path.open("rb") as f:
                linter, patterns = pickle.load(f)
            lazyre.restore(patterns)
            return linter
        except FileNotFoundError:
            pass
        except Exception:  # noqa: BLE001 - a corrupt or unreadable cache is just a miss
            pass
    # A miss (a rule file changed, or another pack was added): patterns compiled by the same code
    # in an earlier run are unpickled instead of compiled again.
    store = None if path is None else folder / f"patterns-{_key([])}.pickle"
    if store is not None:
        try:
            with store.open("rb") as f:
                rules.compiled_store.update(pickle.load(f))
        except Exception:  # noqa: BLE001 - no store yet, or a damaged one: compile everything
            pass
    linter = Linter(load_rules(user_dirs or None))
    if user_dirs:  # built-in examples are checked by the test suite; other teams' rules here
        verify_examples(linter, skip=os.path.join(builtin, ""))
    if path is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write(path, (linter, lazyre.snapshot()))
            stale = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime)[:-8]
            for old in stale:  # keep the newest few (several checkouts may share the cache)
                old.unlink(missing_ok=True)
            # the store keeps what this rule set uses, so it does not grow with every edit
            kept = {d: rules.compiled_store.get(d) or pickle.dumps(p, pickle.HIGHEST_PROTOCOL)
                    for d, p in rules.compiled_used.items()}
            _write(store, kept)
            for old in folder.glob("patterns-*.pickle"):  # left by other versions of the code
                if old != store:
                    old.unlink(missing_ok=True)
        except Exception:  # noqa: BLE001 - read-only home, full disk: run without a cache
            pass
    return linter


def _write(path: Path, obj) -> None:
    """Pickle ``obj`` to ``path`` atomically (readers see the old file or the new one, never half)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
