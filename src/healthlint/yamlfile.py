"""Load YAML data files (rules, vocabularies, config) as plain data, with source lines for errors.

Files are data only: the safe loader builds nothing but dicts, lists and scalars. Anchors and aliases
are refused before anything is built, so an alias bomb ("billion laughs") costs one linear scan.
PyYAML is imported on first use: a run that loads its rules from the cache never needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from healthlint.errors import HealthlintError


class YamlDoc:
    """A parsed YAML document and its node tree, to find the line of any value."""

    __slots__ = ("path", "data", "_root")

    def __init__(self, path: str, data: Any, root: yaml.Node | None):
        self.path, self.data, self._root = path, data, root

    def line_of(self, keys: list[str | int]) -> int:
        """1-based line of the value at ``keys`` (or of its nearest existing parent)."""
        import yaml

        node = self._root
        line = node.start_mark.line + 1 if node is not None else 1
        for key in keys:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == key:
                        nxt = v
                        line = k.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                nxt = node.value[key]
                line = nxt.start_mark.line + 1
            if nxt is None:
                break
            node = nxt
        return line


def load_yaml(path: Path | str, text: str | None = None) -> YamlDoc:
    """Parse one YAML file; every failure is a :class:`HealthlintError` naming file and line."""
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise HealthlintError(f"{name}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                line = event.start_mark.line + 1
                raise HealthlintError(
                    f"{name}:{line}: YAML anchors and aliases are not allowed in healthlint files"
                )
        root = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise HealthlintError(f"{name}{where}: invalid YAML: {problem}") from None
    return YamlDoc(name, data, root)
