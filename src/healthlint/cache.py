"""Compiled rule sets, cached on disk by the content hash of the rule files.

Start-up matters for a pre-commit hook: parsing YAML, validating against JSON Schema (and importing
jsonschema), compiling patterns and building the prefilter happen only when a rule file, the
healthlint version, or the Python/regex versions change. The cache is an optimisation only: any
problem reading or writing it falls back to loading the rules from their files.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import time
from pathlib import Path

import regex

from healthlint import __version__, lazyre, rules
from healthlint.rules import builtin_rules_dir, load_rules

try:  # the hash hashlib offers, without hashlib's import of OpenSSL (~3 ms of every run)
    from _blake2 import blake2b
except ImportError:  # not CPython
    from hashlib import blake2b

_FORMAT = 5  # 2: (linter, module patterns); 3: Branches carry their anchored mask; 4: mapped buffers; 5: after_question


def cache_dir() -> Path | None:
    if os.environ.get("HEALTHLINT_NO_CACHE"):
        return None
    base = os.environ.get("HEALTHLINT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / ("" if os.environ.get("HEALTHLINT_CACHE_DIR") else "healthlint")
    home = Path.home()
    return home / ".cache" / "healthlint" if str(home) not in ("", "/") else None


def _key(dirs: list[Path], by_content: bool = True) -> tuple[str, int]:
    """The cache key of the rule files in ``dirs`` and the newest modification time (ns) among them.

    ``by_content=False`` keys the rule files by size and modification time instead: the quick key
    under which a content key is remembered (see :func:`_content_key`)."""
    h = blake2b(f"{_FORMAT}|{__version__}|{sys.version}|{regex.__version__}".encode())
    # The code that compiles and pickles the rules is part of the key too, so an upgrade (or a
    # development checkout) never loads objects pickled by different code; its files by size and
    # modification time, which any edit or reinstall changes, the rule files by content.
    _digest_tree(h, os.path.dirname(os.path.abspath(__file__)), (".py", ".json"), by_content=False)
    newest = 0
    for d in dirs:
        h.update(b"\0dir\0" + str(d.resolve()).encode())
        newest = max(newest, _digest_tree(h, str(d), (".yaml", ".yml"), by_content))
    return h.hexdigest()[:32], newest


def _digest_tree(h, folder: str, suffixes: tuple[str, ...], by_content: bool = True) -> int:
    """Add the names and contents (or sizes and modification times) of the files under ``folder``
    ending in ``suffixes`` to ``h``; return the newest modification time (ns). With os.walk:
    pathlib costs more than the reading."""
    newest = 0
    for root, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(suffixes):
                path = os.path.join(root, name)
                h.update(f"\0{path[len(folder):]}\0".encode())
                st = os.stat(path)
                newest = max(newest, st.st_mtime_ns)
                if by_content:
                    with open(path, "rb") as f:
                        h.update(f.read())
                else:
                    h.update(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}".encode())
    return newest


# A file modified this recently may be modified again within the file system's timestamp resolution,
# keeping its size and time: its quick key is not trusted until it is older than this.
_SETTLED_NS = 2_000_000_000


def _content_key(folder: Path, dirs: list[Path]) -> tuple[str, Path | None]:
    """The content key of the rule files, and where to remember it under their quick key.

    Hashing every rule file costs a few milliseconds of each run; when no rule file's size,
    modification time or inode changed since a run that hashed them, its content key is reused
    (as git trusts its index). The second item is None when the key is already remembered or the
    rule files changed too recently to trust their times."""
    quick, _ = _key(dirs, by_content=False)
    index = folder / f"index-{quick}"
    try:
        with open(index, encoding="ascii") as f:
            key = f.read()
        if len(key) == 32 and os.path.exists(folder / f"rules-{key}.pickle"):
            return key, None
    except OSError:
        pass
    key, newest = _key(dirs)
    return key, index if newest < time.time_ns() - _SETTLED_NS else None


def load_linter(dirs: list[Path] | None = None):
    """A :class:`~healthlint.engine.Linter` for the rules in ``dirs`` (default: built-in), cached."""
    from healthlint.engine import Linter, verify_examples

    builtin = builtin_rules_dir()
    user_dirs = [Path(d) for d in dirs] if dirs else []
    folder = cache_dir()
    path = index = None
    if folder is not None:
        try:
            key, index = _content_key(folder, [builtin, *user_dirs])
            path = folder / f"rules-{key}.pickle"
            with path.open("rb") as f:
                linter, patterns = _load(f)
            lazyre.restore(patterns)
            if index is not None:
                _remember(index, key)
            linter.rules_key = key
            return linter
        except FileNotFoundError:
            pass
        except Exception:  # noqa: BLE001 - a corrupt or unreadable cache is just a miss
            pass
    # A miss (a rule file changed, or another pack was added): patterns compiled by the same code
    # in an earlier run are unpickled instead of compiled again.
    store = None if path is None else folder / f"patterns-{_key([])[0]}.pickle"
    if store is not None:
        try:
            with store.open("rb") as f:
                rules.compiled_store.update(_load(f))
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
            if index is not None:
                _remember(index, key)
            # the store keeps what this rule set uses, so it does not grow with every edit
            kept = {d: rules.compiled_store.get(d) or pickle.dumps(p, pickle.HIGHEST_PROTOCOL)
                    for d, p in rules.compiled_used.items()}
            _write(store, kept)
            for old in folder.glob("patterns-*.pickle"):  # left by other versions of the code
                if old != store:
                    old.unlink(missing_ok=True)
            linter.rules_key = key
        except Exception:  # noqa: BLE001 - read-only home, full disk: run without a cache
            pass
    return linter


# A cache entry: the length of its table of contents (8 bytes, little-endian), the table (a pickle of
# the main pickle's length and the out-of-band buffers' lengths), the main pickle, the buffers.
def _load(f):
    """Unpickle a cached rule set, written by :func:`_write`.

    The file is mapped, not read: the packed patterns and alternatives (most of its megabytes) stay
    views of the mapping, and a run touches only the pages of those it unpacks. The collector is
    paused meanwhile: the objects unpickled are all kept, and the collections their allocation would
    trigger cost a third of the load."""
    import mmap

    view = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
    toc_end = 8 + int.from_bytes(view[:8], "little")
    main_len, lengths = pickle.loads(view[8:toc_end])
    pos = toc_end + main_len
    buffers = []
    for n in lengths:
        buffers.append(view[pos:pos + n])
        pos += n
    if pos != len(view):
        raise ValueError("truncated cache entry")
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(view[toc_end:toc_end + main_len], buffers=buffers)
    finally:
        if enabled:
            gc.enable()


def _remember(index: Path, key: str) -> None:
    """Remember ``key`` as the content key under the quick key ``index``, keeping the newest few."""
    try:
        _write_bytes(index, key.encode("ascii"))
        for old in sorted(index.parent.glob("index-*"), key=lambda p: p.stat().st_mtime)[:-16]:
            old.unlink(missing_ok=True)
    except OSError:  # read-only cache folder: hash the rule files each run
        pass


def _write(path: Path, obj) -> None:
    """Pickle ``obj`` to ``path`` in the layout :func:`_load` reads."""
    buffers: list[pickle.PickleBuffer] = []
    main = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL, buffer_callback=buffers.append)
    raws = [b.raw() for b in buffers]
    toc = pickle.dumps((len(main), [r.nbytes for r in raws]), protocol=pickle.HIGHEST_PROTOCOL)
    _write_bytes(path, len(toc).to_bytes(8, "little"), toc, main, *raws)


def _write_bytes(path: Path, *data) -> None:
    """Write ``data`` to ``path`` atomically (readers see the old file or the new one, never half)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-")
    try:
        with os.fdopen(fd, "wb") as f:
            for part in data:
                f.write(part)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
