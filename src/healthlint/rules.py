"""Rule and vocabulary files: validation, compilation, and the rule set the engine runs."""

from __future__ import annotations

import pickle
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import regex

from healthlint.errors import HealthlintError
from healthlint.lazyre import compile_lazily
from healthlint.normalize import normalize_piece
from healthlint.yamlfile import YamlDoc, load_yaml

SEVERITIES = ("info", "warning", "error")  # ascending
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
VOCAB_DIR = "vocab"

_LIST_REF = compile_lazily(r"\\L<(\w+)>")
# A group holding an unbounded repeat, itself repeated without bound: "(a+)+", "(?:\w+\s?)*".
_NESTED_REPEAT = compile_lazily(r"\((?:[^()\\]|\\.)*(?<!\\)[+*](?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,\})")


def nested_repeat(pattern: str) -> bool:
    """True when ``pattern`` nests an unbounded repeat in another, as in ``(a+)+``."""
    return _NESTED_REPEAT.search(pattern) is not None


class Reference(NamedTuple):
    title: str
    url: str


class Example(NamedTuple):
    text: str
    format: str = "text"


_PATTERN_FIELDS = ("patterns", "exceptions", "context", "requires", "waived_by", "bad", "good", "source")
_PACKED = "_packed_patterns"


def out_of_band(blob: bytes | memoryview, protocol: int) -> bytes | pickle.PickleBuffer:
    """``blob`` to pickle with ``protocol``: with protocol 5, a buffer the rule cache writes out of
    band (and maps back from its file instead of copying); a blob the cache mapped, as bytes."""
    return pickle.PickleBuffer(blob) if protocol >= 5 else bytes(blob)


_FIELDS = (
    "id", "name", "severity", "scope", "message", "nuance", "references", "patterns", "exceptions", "context",
    "requires", "waived_by", "family", "suggestion", "frames", "supersedes", "bad", "good", "path", "pack", "source",
)


class Rule:
    """One rule, compiled. Immutable; compared and hashed by identity; :meth:`replace` makes a changed copy.

    A plain class rather than a dataclass: generating a dataclass's methods costs a run on one page
    more than the rest of this module's import."""

    id: str
    name: str
    severity: str
    scope: str
    message: str
    nuance: str
    references: tuple[Reference, ...]
    patterns: tuple[regex.Pattern, ...]
    exceptions: tuple[regex.Pattern, ...]
    context: tuple[regex.Pattern, ...]
    requires: tuple[regex.Pattern, ...]
    waived_by: tuple[regex.Pattern, ...]
    family: str | None
    suggestion: str | None
    frames: bool
    supersedes: tuple[str, ...]
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    path: str
    pack: str
    source: dict[str, Any]

    def __init__(
        self, id: str, name: str, severity: str, scope: str, message: str, nuance: str,
        references: tuple[Reference, ...], patterns: tuple[regex.Pattern, ...],
        exceptions: tuple[regex.Pattern, ...] = (), context: tuple[regex.Pattern, ...] = (),
        requires: tuple[regex.Pattern, ...] = (), waived_by: tuple[regex.Pattern, ...] = (),
        family: str | None = None, suggestion: str | None = None,
        frames: bool = True, supersedes: tuple[str, ...] = (), bad: tuple[Example, ...] = (),
        good: tuple[Example, ...] = (), path: str = "", pack: str = "", source: dict[str, Any] | None = None,
    ) -> None:
        self.__dict__.update(
            id=id, name=name, severity=severity, scope=scope, message=message, nuance=nuance,
            references=references, patterns=patterns, exceptions=exceptions, context=context,
            requires=requires, waived_by=waived_by, family=family, suggestion=suggestion, frames=frames,
            supersedes=supersedes, bad=bad, good=good, path=path, pack=pack, source={} if source is None else source,
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Rule is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Rule is immutable: cannot delete {name!r}")

    def __repr__(self) -> str:
        return "Rule(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS[:-1]) + ")"

    def replace(self, **changes: Any) -> Rule:
        return Rule(**{name: changes.pop(name, getattr(self, name)) for name in _FIELDS}, **changes)

    # Pickled (in the rule cache), each of the compiled pattern lists, the examples and the source is a
    # blob of its own, unpickled (which loads the compiled patterns) only when first used: a run on a
    # small page pays for the patterns of the few rules its text comes near, and for their exceptions
    # and context only where a pattern matched.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        packed = dict(state.get(_PACKED, {}))  # fields of a rule unpickled and never used: still packed
        for name in _PATTERN_FIELDS:
            if name in state:
                packed[name] = pickle.dumps(state.pop(name), pickle.HIGHEST_PROTOCOL)
        state[_PACKED] = packed
        return state

    def __reduce_ex__(self, protocol: int):
        reconstruct, args, state, *rest = super().__reduce_ex__(protocol)
        state[_PACKED] = {name: out_of_band(blob, protocol) for name, blob in state[_PACKED].items()}
        return (reconstruct, args, state, *rest)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:
        packed = self.__dict__.get(_PACKED)
        if name not in _PATTERN_FIELDS or not packed or name not in packed:
            raise AttributeError(name)
        value = self.__dict__[name] = pickle.loads(packed.pop(name))
        return value

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]

    def render_message(self, match: str) -> str:
        return self.message.replace("{match}", match)


class RuleSet(NamedTuple):
    rules: tuple[Rule, ...]
    vocabularies: dict[str, tuple[str, ...]]
    warnings: tuple[str, ...] = ()
    #: misspelling (lower case) -> correct spelling, from the vocabularies' ``corrections``
    corrections: dict[str, str] = {}  # noqa: RUF012 - read only

    def by_id(self, key: str) -> Rule | None:
        key_u = key.upper()
        for rule in self.rules:
            if rule.id == key_u or rule.name == key:
                return rule
        return None


def builtin_rules_dir() -> Path:
    """The rules shipped with the package (``healthlint/rules``), or the checkout's ``rules/``."""
    packaged = Path(__file__).resolve().parent / "rules"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    raise HealthlintError("built-in rules not found: the healthlint installation is incomplete")


@cache
def _schema(name: str) -> Any:
    import json  # only on a cache miss, with jsonschema

    return json.loads((Path(__file__).parent / "schema" / name).read_text(encoding="utf-8"))


def _validate(doc: YamlDoc, schema_name: str) -> None:
    import jsonschema  # imported only when files are validated (slow import)

    if not isinstance(doc.data, dict):
        raise HealthlintError(f"{doc.path}:1: expected a mapping of keys, got {type(doc.data).__name__}")
    validator = jsonschema.Draft202012Validator(_schema(schema_name))
    errors = sorted(validator.iter_errors(doc.data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        err = jsonschema.exceptions.best_match(errors)
        keys = list(err.absolute_path)
        where = ".".join(str(k) for k in keys) or "(top level)"
        raise HealthlintError(f"{doc.path}:{doc.line_of(keys)}: {where}: {_describe(err)}")


#: Files read and validated in this process, by path, size and modification time: a rule set that
#: shares files with an earlier one (the built-in rules under a house pack) reads each of them once.
_checked: dict[tuple[str, int, int], YamlDoc] = {}


def _load_checked(path: Path, schema_name: str) -> YamlDoc:
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    doc = _checked.get(key)
    if doc is None:
        doc = load_yaml(path)
        _validate(doc, schema_name)
        _checked[key] = doc
    return doc


def _describe(err: Any) -> str:
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return f"unknown key {', '.join(map(repr, extra))}"
    if err.validator == "required":
        return err.message.replace("is a required property", "is required")
    if err.validator == "pattern":
        hint = err.schema.get("description")
        return f"{err.instance!r} is not valid" + (f" ({hint})" if hint else "")
    if err.validator == "oneOf":
        return "must be a string or a mapping with 'text' (and optional 'format', 'note')"
    if err.validator == "not" and "waived_by" in str(err.schema):
        return "'waived_by' is only for rules with scope: sentence"
    if err.validator == "not" and "requires" in str(err.schema):
        return "'requires' is only for rules with scope: document"
    return err.message


def normalize_term(term: str) -> str:
    return "".join(piece for piece, _, _ in normalize_piece(term)).strip()


def _load_vocab(path: Path) -> tuple[str, tuple[str, ...], dict[str, str]]:
    doc = _load_checked(path, "vocab.schema.json")
    name = doc.data["name"]
    if name != path.stem:
        raise HealthlintError(f"{path}:{doc.line_of(['name'])}: name: {name!r} must equal the file stem {path.stem!r}")
    corrections: dict[str, str] = {}
    for key, value in doc.data.get("corrections", {}).items():
        wrong, right = normalize_term(key).lower(), normalize_term(value)
        if wrong == right.lower():
            line = doc.line_of(["corrections", key])
            raise HealthlintError(f"{path}:{line}: corrections: {wrong!r} is corrected to itself")
        corrections[wrong] = right
    return name, tuple(dict.fromkeys(normalize_term(t) for t in doc.data.get("terms", ()))), corrections


def _compile(doc: YamlDoc, key: str, index: int, pattern: str, flags: int, vocab: dict[str, tuple[str, ...]]) -> regex.Pattern:
    names = _LIST_REF.findall(pattern)
    where = f"{doc.path}:{doc.line_of([key, index])}: {key}[{index}]"
    for name in names:
        if name not in vocab:
            known = ", ".join(sorted(vocab)) or "none"
            raise HealthlintError(f"{where}: unknown vocabulary '{name}' (known: {known})")
    # Every list match starts and ends on a word boundary, whatever its first and last characters are.
    if nested_repeat(pattern):
        _WARNINGS.append(
            f"{where}: nested unbounded repeats can backtrack catastrophically; bound one of them "
            "(the rule runs under a time budget meanwhile)"
        )
    expanded = _LIST_REF.sub(lambda m: rf"(?<!\w)\L<{m.group(1)}>(?!\w)", _sentence_anchors(pattern))
    try:
        return compile_with_lists(expanded, flags, tuple(sorted((n, vocab[n]) for n in set(names))))
    except regex.error as exc:
        raise HealthlintError(f"{where}: pattern does not compile: {exc}") from None


_WARNINGS: list[str] = []


#: Compiled patterns kept from earlier runs (see :mod:`healthlint.cache`): digest of the pattern, its
#: flags and lists -> the pickled pattern (a ``regex`` pattern pickles as its compiled code). A rule
#: set that changed in one rule then recompiles that rule's patterns only.
compiled_store: dict[bytes, bytes] = {}
#: the patterns this process compiled or took from the store, by the same digest
compiled_used: dict[bytes, regex.Pattern] = {}


@lru_cache(maxsize=4096)
def compile_with_lists(pattern: str, flags: int, lists: tuple[tuple[str, tuple[str, ...]], ...]) -> regex.Pattern:
    """``regex.compile`` with named lists, memoised per process and in :data:`compiled_store`:
    compiling the rule set takes seconds (its vocabularies run to thousands of terms), and a process
    that loads it twice (a second rule pack on top of the built-in one, the test suite) compiles each
    unchanged pattern once."""
    from hashlib import blake2b

    digest = blake2b(repr((pattern, flags, lists)).encode(), digest_size=20).digest()
    blob = compiled_store.get(digest)
    compiled = None
    if blob is not None:
        try:
            compiled = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a damaged entry is compiled afresh
            compiled = None
    if compiled is None:
        compiled = regex.compile(pattern, flags, ignore_unused=True, **{n: list(t) for n, t in lists})
    compiled_used[digest] = compiled
    return compiled


def _sentence_anchors(pattern: str) -> str:
    r"""``^`` (outside a character class) as ``\G``: the engine searches each sentence from its start, and
    ``^`` would only ever match at the start of the document."""
    if "^" not in pattern:
        return pattern
    out, i, n, in_class = [], 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]" and not (pattern[i - 1] == "[" or pattern[i - 2:i] == "[^"):
                in_class = False
        elif c == "[":
            in_class = True
        elif c == "^":
            c = "\\G"
        out.append(c)
        i += 1
    return "".join(out)


def _load_rule(path: Path, pack: str, vocab: dict[str, tuple[str, ...]]) -> Rule:
    doc = _load_checked(path, "rule.schema.json")
    data = doc.data
    if data["name"] != path.stem:
        raise HealthlintError(
            f"{path}:{doc.line_of(['name'])}: name: {data['name']!r} must equal the file stem {path.stem!r}"
        )
    flags = regex.UNICODE | (0 if data.get("case_sensitive") else regex.IGNORECASE)

    def compiled(key: str) -> tuple[regex.Pattern, ...]:
        return tuple(_compile(doc, key, i, p, flags, vocab) for i, p in enumerate(data.get(key, ())))

    def examples(kind: str) -> tuple[Example, ...]:
        return tuple(
            Example(e) if isinstance(e, str) else Example(e["text"], e.get("format", "text"))
            for e in data["examples"][kind]
        )

    return Rule(
        id=data["id"],
        name=data["name"],
        severity=data["severity"],
        scope=data["scope"],
        message=data["message"],
        nuance=" ".join(data["nuance"].split()),
        references=tuple(Reference(r["title"], r["url"]) for r in data["references"]),
        patterns=compiled("patterns"),
        exceptions=compiled("exceptions"),
        context=compiled("context"),
        requires=compiled("requires"),
        waived_by=compiled("waived_by"),
        family=data.get("family"),
        suggestion=data.get("suggestion"),
        frames=data.get("frames", data["scope"] == "sentence"),
        supersedes=tuple(data.get("supersedes", ())),
        bad=examples("bad"),
        good=examples("good"),
        path=str(path),
        pack=pack,
        source=data,
    )


def rule_files(folder: Path) -> list[Path]:
    """Every YAML file under ``folder`` (rules and vocabularies), in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_rules(dirs: list[Path] | None = None) -> RuleSet:
    """Load and compile every rule under ``dirs`` (default: the built-in rules).

    Vocabularies (``<dir>/vocab/*.yaml``) from the built-in rules are always available; a folder's own
    vocabularies are added to them, a later definition of a name replacing an earlier one.
    """
    builtin = builtin_rules_dir()
    dirs = [builtin] if not dirs else [Path(d) for d in dirs]
    for d in dirs:
        if not d.is_dir():
            raise HealthlintError(f"{d}: rules folder not found")
    vocab: dict[str, tuple[str, ...]] = {}
    corrections: dict[str, str] = {}
    found: list[tuple[Path, str]] = []
    for d in dict.fromkeys([builtin, *dirs]):
        only_vocab = d == builtin and builtin not in dirs
        for path in rule_files(d):
            rel = path.relative_to(d).parts
            if VOCAB_DIR in rel[:-1]:
                name, terms, fixes = _load_vocab(path)
                vocab[name] = terms
                corrections.update(fixes)
            elif not only_vocab:
                found.append((path, rel[0] if len(rel) > 1 else d.name))
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    _WARNINGS.clear()
    for path, pack in found:
        rule = _load_rule(path, pack, vocab)
        for key in (rule.id, rule.name):
            if key in seen:
                raise HealthlintError(f"{path}:1: duplicate rule {key}: already defined in {seen[key]}")
            seen[key] = str(path)
        rules.append(rule)
    ids = {r.id for r in rules}
    for rule in rules:
        for other in rule.supersedes:
            if other not in ids:
                line = load_yaml(rule.path).line_of(["supersedes"])
                raise HealthlintError(f"{rule.path}:{line}: supersedes: unknown rule {other!r}")
    rules.sort(key=lambda r: r.id)
    return RuleSet(tuple(rules), vocab, tuple(_WARNINGS), corrections)
