"""Configuration: ``.healthlint.yaml`` / ``.healthlint.yml`` or ``[tool.healthlint]`` in ``pyproject.toml``.

The first of those found walking up from the working directory wins (in that order within one folder; a
``pyproject.toml`` without ``[tool.healthlint]`` is skipped). A config file is validated against
``schema/config.schema.json``; jsonschema and the TOML parser are imported only when there is one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from healthlint.errors import HealthlintError

CONFIG_NAMES = (".healthlint.yaml", ".healthlint.yml", "pyproject.toml")
PYPROJECT_TABLE = "tool.healthlint"

STARTER = """\
# healthlint configuration (docs/usage.md in the healthlint repository describes every key).
# healthlint flags claims for human review; it gives no medical advice.

# Rules to run: IDs (KET001), ID prefixes (KET, KET00) or names. Default: all rules.
# select: [KET]
# Rules to turn off, same forms.
# ignore: []

# Folders of your team's own rules (YAML, same format as the built-in rules), relative to this file.
# extend-rules: [healthlint-rules]

# Files and folders to skip when walking folders (gitignore-style globs, relative to this file).
# Files named on the command line are still checked unless you pass --force-exclude.
exclude:
  - node_modules/
  - "**/vendor/**"

# Rules to ignore in some files only: glob -> rules.
# per-file-ignores:
#   "legal/**": [KET001]

# Change a rule's severity: rule -> error | warning | info.
# severity:
#   KET001: warning

# Lowest severity that fails the run (exit code 1): info | warning | error | never.
fail-on: warning

# Front matter fields to check besides the default ones (Markdown).
# front-matter-fields: [summary, hero_text]

# Output format: text | json | sarif | github.
# format: text
"""


class Config(NamedTuple):
    """Settings from a config file (all defaults when there is none)."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    rules: tuple[Path, ...] | None = None
    extend_rules: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    fail_on: str | None = None
    front_matter_fields: tuple[str, ...] = ()
    format: str | None = None
    doc: Any = None  # YamlDoc-like, for error lines

    @property
    def root(self) -> Path:
        """The folder relative paths in the config are resolved against."""
        return self.path.parent if self.path is not None else Path.cwd()

    def where(self, *keys: str | int) -> str:
        """``file:line: key`` for an error about the value at ``keys``."""
        dotted = ".".join(str(k) for k in keys[:1]) + "".join(
            f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys[1:]
        )
        if self.path is None:
            return dotted
        return f"{self.path}:{self.doc.line_of(list(keys))}: {dotted}"


class TomlDoc:
    """The ``[tool.healthlint]`` table of a pyproject.toml, with approximate lines for errors."""

    __slots__ = ("path", "data", "_lines")

    def __init__(self, path: str, data: Any, text: str) -> None:
        self.path, self.data, self._lines = path, data, text.splitlines()

    def line_of(self, keys: list[str | int]) -> int:
        # tomllib keeps no positions: find the table header, then the last string key named.
        start = next((i for i, s in enumerate(self._lines) if s.strip().startswith(f"[{PYPROJECT_TABLE}")), 0)
        names = [k for k in keys if isinstance(k, str)]
        for name in reversed(names):
            key = re.compile(rf"""^\s*["']?{re.escape(name)}["']?\s*=|^\s*\[{re.escape(PYPROJECT_TABLE)}\.{re.escape(name)}\]""")
            for i in range(start, len(self._lines)):
                if key.search(self._lines[i]):
                    return i + 1
        return start + 1


# compiled on first use (by re's cache): most runs read no pyproject.toml
_MAY_HOLD_TABLE = r"""tool\s*\.\s*["']?healthlint|^\s*\[\s*tool\s*\]"""


def _load_toml(path: Path) -> TomlDoc | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise HealthlintError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    # cheap: most pyproject files have no [tool.healthlint] (nor a [tool] table or tool.healthlint key
    # that could hold one), and then tomllib is never imported
    if "healthlint" not in text or not re.search(_MAY_HOLD_TABLE, text, re.M):
        return None
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise HealthlintError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("healthlint")
    return None if table is None else TomlDoc(str(path), table, text)


def _load_doc(path: Path) -> Any:
    if path.name == "pyproject.toml":
        return _load_toml(path)
    from healthlint.yamlfile import load_yaml

    doc = load_yaml(path)
    if doc.data is None:  # an empty file, or only comments: all defaults
        doc.data = {}
    return doc


KEYS = ("select", "ignore", "extend-rules", "rules", "exclude", "per-file-ignores", "severity", "fail-on",
        "front-matter-fields", "format")


def _check_keys(doc: Any) -> None:
    """An unknown top-level key, at its own line, with the nearest known one (the schema would only say
    which mapping holds it)."""
    if not isinstance(doc.data, dict):
        return
    for key in doc.data:
        if key not in KEYS:
            from difflib import get_close_matches

            near = get_close_matches(str(key), KEYS, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f" (known: {', '.join(KEYS)})"
            raise HealthlintError(f"{doc.path}:{doc.line_of([key])}: {key}: unknown key{hint}")


def find_config(start: Path) -> Path | None:
    """The config file that applies to ``start``: the nearest one walking up."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _load_toml(candidate) is not None):
                return candidate
    return None


def load_config(path: Path) -> Config:
    """Read and validate one config file."""
    if not path.is_file():
        raise HealthlintError(f"{path}: config file not found")
    doc = _load_doc(path)
    if doc is None:
        raise HealthlintError(f"{path}: no [{PYPROJECT_TABLE}] table")
    _check_keys(doc)
    from healthlint.rules import _validate  # the one place schema errors become "file:line: key: what"

    _validate(doc, "config.schema.json")
    data: dict[str, Any] = doc.data
    root = path.parent

    def folders(key: str) -> tuple[Path, ...]:
        return tuple(root / p for p in data.get(key, ()))

    return Config(
        path=path,
        select=tuple(data["select"]) if "select" in data else None,
        ignore=tuple(data.get("ignore", ())),
        rules=folders("rules") if "rules" in data else None,
        extend_rules=folders("extend-rules"),
        exclude=tuple(data.get("exclude", ())),
        per_file_ignores=tuple((g, tuple(ids)) for g, ids in data.get("per-file-ignores", {}).items()),
        severity=tuple(data.get("severity", {}).items()),
        fail_on=data.get("fail-on"),
        front_matter_fields=tuple(data.get("front-matter-fields", ())),
        format=data.get("format"),
        doc=doc,
    )


def resolve_config(config_file: Path | None, isolated: bool, cwd: Path | None = None) -> Config:
    """The config for this run: ``--config``, else the nearest one, none with ``--isolated``."""
    if isolated:
        return Config()
    if config_file is not None:
        return load_config(config_file)
    found = find_config((cwd or Path.cwd()).resolve())
    return load_config(found) if found is not None else Config()


def write_starter(path: Path, force: bool) -> None:
    """``healthlint init``: write the commented starter config."""
    if path.exists() and not force:
        raise HealthlintError(f"{path}: already exists (use --force to overwrite)")
    try:
        path.write_text(STARTER, encoding="utf-8")
    except OSError as exc:
        raise HealthlintError(f"{path}: cannot write: {exc.strerror or exc}") from None
