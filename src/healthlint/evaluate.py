"""Detection quality on a labelled evaluation set: recall, false-positive rate and precision.

An evaluation file is a YAML list of items::

    - text: It stops suicidal thinking in its tracks.
      label: KET-SUICIDE-ERASE          # a rule family code, or "ok" for an accurate sentence
      context: Ketamine is unlike any antidepressant you have tried.   # optional preceding sentence(s)
      site: iv-clinic                   # optional, informational
      also: [KET-UNPRECEDENTED]         # optional: other families that are also right for this item

Each item is linted as one plain-text paragraph, ``context + " " + text`` (a context with no closing
punctuation, a heading, on a line of its own before the text), and only sentence-scope
findings whose match starts inside ``text`` count (the context only supplies what a sentence refers to).

* An overclaim item is *detected by its family* when a rule whose ``family`` is the label (or one of
  ``also``) fires, *detected by another family* when only rules of other families fire, and *missed*
  when nothing fires. Overall recall counts both kinds of detection; per-family recall only the first.
* An ``ok`` item with any finding is a *false alarm*, attributed to the family of every rule that fired.
* Precision is detected overclaim items / all items with a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from healthlint.errors import HealthlintError
from healthlint.yamlfile import load_yaml

OK = "ok"
_KEYS = {"text", "label", "context", "site", "also"}


@dataclass(frozen=True)
class Item:
    index: int
    text: str
    label: str
    context: str = ""
    site: str = ""
    also: tuple[str, ...] = ()

    @property
    def families(self) -> set[str]:
        return {self.label, *self.also}


@dataclass
class Outcome:
    item: Item
    rule_ids: list[str]        # sentence-scope rules that fired inside the text, sorted, unique
    rule_families: list[str]   # their families (None shown as "-"), sorted, unique

    @property
    def flagged(self) -> bool:
        return bool(self.rule_ids)

    @property
    def family_hit(self) -> bool:
        return bool(self.item.families & set(self.rule_families))

    @property
    def kind(self) -> str:
        """ "hit", "other" (detected by another family only), "miss", "false-alarm" or "clean"."""
        if self.item.label == OK:
            return "false-alarm" if self.flagged else "clean"
        if not self.flagged:
            return "miss"
        return "hit" if self.family_hit else "other"


@dataclass
class FamilyRow:
    family: str
    items: int = 0
    hits: int = 0
    other: int = 0
    false_alarms: int = 0

    @property
    def recall(self) -> float | None:
        return self.hits / self.items if self.items else None


@dataclass
class SplitResult:
    path: str
    outcomes: list[Outcome]
    families: list[FamilyRow] = field(default_factory=list)

    def _count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)

    @property
    def overclaims(self) -> int:
        return sum(1 for o in self.outcomes if o.item.label != OK)

    @property
    def ok_items(self) -> int:
        return len(self.outcomes) - self.overclaims

    @property
    def hits(self) -> int:
        return self._count("hit")

    @property
    def other(self) -> int:
        return self._count("other")

    @property
    def detected(self) -> int:
        return self.hits + self.other

    @property
    def false_alarms(self) -> int:
        return self._count("false-alarm")

    @property
    def flagged(self) -> int:
        return self.detected + self.false_alarms

    @property
    def recall(self) -> float | None:
        return _ratio(self.detected, self.overclaims)

    @property
    def family_recall(self) -> float | None:
        return _ratio(self.hits, self.overclaims)

    @property
    def fpr(self) -> float | None:
        return _ratio(self.false_alarms, self.ok_items)

    @property
    def precision(self) -> float | None:
        return _ratio(self.detected, self.flagged)

    def listed(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == kind]

    def to_dict(self, lists: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "items": len(self.outcomes),
            "overclaims": self.overclaims,
            "ok": self.ok_items,
            "detected": self.detected,
            "detected_family": self.hits,
            "detected_other_family": self.other,
            "missed": self._count("miss"),
            "false_alarms": self.false_alarms,
            "recall": self.recall,
            "recall_family": self.family_recall,
            "fpr": self.fpr,
            "precision": self.precision,
            "families": [
                {"family": r.family, "items": r.items, "hits": r.hits, "other_family": r.other,
                 "recall": r.recall, "false_alarms": r.false_alarms}
                for r in self.families
            ],
        }
        if lists:
            for key, kind in (("misses", "miss"), ("other_family", "other"), ("false_alarm_items", "false-alarm")):
                out[key] = [
                    {"index": o.item.index, "text": o.item.text, "label": o.item.label,
                     "context": o.item.context, "rules": o.rule_ids}
                    for o in self.listed(kind)
                ]
        return out


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


# --- loading -----------------------------------------------------------------------------------------


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the ``*.yaml`` / ``*.yml`` files directly in it, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
            if not found:
                raise HealthlintError(f"{p}: no .yaml evaluation files in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def load_items(path: Path | str) -> list[Item]:
    """The items of one evaluation file; a malformed file raises a one-line :class:`HealthlintError`."""
    doc = load_yaml(path)
    data = doc.data
    if not isinstance(data, list):
        raise HealthlintError(f"{path}:1: expected a list of items, got {type(data).__name__}")
    items = []
    for i, raw in enumerate(data):
        where = f"{path}:{doc.line_of([i])}: item {i}"
        if not isinstance(raw, dict):
            raise HealthlintError(f"{where}: expected a mapping with 'text' and 'label', got {type(raw).__name__}")
        unknown = sorted(set(map(str, raw)) - _KEYS)
        if unknown:
            raise HealthlintError(f"{where}: unknown key {', '.join(map(repr, unknown))}")
        for key in ("text", "label"):
            if key not in raw:
                raise HealthlintError(f"{where}: '{key}' is required")
        for key in ("text", "label", "context", "site"):
            if key in raw and not isinstance(raw[key], str):
                raise HealthlintError(f"{where}: '{key}' must be a string, got {type(raw[key]).__name__}")
        if not raw["text"].strip():
            raise HealthlintError(f"{where}: 'text' is empty")
        if not raw["label"].strip():
            raise HealthlintError(f"{where}: 'label' is empty")
        also = raw.get("also", [])
        if isinstance(also, str):
            also = [also]
        if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
            raise HealthlintError(f"{where}: 'also' must be a list of family codes")
        label = raw["label"].strip()
        if label == OK and also:
            raise HealthlintError(f"{where}: an 'ok' item cannot have 'also' families")
        items.append(Item(i, raw["text"], label, (raw.get("context") or "").strip(), raw.get("site") or "",
                          tuple(a.strip() for a in also)))
    return items


# --- evaluation --------------------------------------------------------------------------------------


_CLOSED = re.compile(r"[.!?:;,'\")\]]\s*$")


def _offset(starts: list[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1


def evaluate_item(linter, item: Item) -> Outcome:
    # a context that ends without punctuation is a heading ("Ketamine for chronic pain"): it stands on a
    # line of its own, as on a page, instead of running into the text as one sentence
    prefix = item.context + (" " if _CLOSED.search(item.context) else "\n\n") if item.context else ""
    source = prefix + item.text
    starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
    fired = [
        f for f in linter.check_source(source, "text", "<eval>")
        if f.rule.scope == "sentence" and _offset(starts, f.line, f.column) >= len(prefix)
    ]
    return Outcome(
        item,
        sorted({f.rule_id for f in fired}),
        sorted({f.rule.family or "-" for f in fired}),
    )


def evaluate_items(linter, items: list[Item], path: str = "-") -> SplitResult:
    outcomes = [evaluate_item(linter, item) for item in items]
    rows: dict[str, FamilyRow] = {}
    for o in outcomes:
        if o.item.label != OK:
            row = rows.setdefault(o.item.label, FamilyRow(o.item.label))
            row.items += 1
            row.hits += o.kind == "hit"
            row.other += o.kind == "other"
        elif o.flagged:
            for fam in o.rule_families:
                rows.setdefault(fam, FamilyRow(fam)).false_alarms += 1
    return SplitResult(path, outcomes, [rows[k] for k in sorted(rows)])


def evaluate_file(linter, path: Path | str) -> SplitResult:
    return evaluate_items(linter, load_items(path), str(path))


def unknown_labels(linter, results: list[SplitResult]) -> list[str]:
    """Labels (and ``also`` codes) that are the family of no loaded rule: probably typos."""
    known = {r.family for r in linter.rules if r.family}
    seen = {fam for res in results for o in res.outcomes for fam in o.item.families if fam != OK}
    return sorted(seen - known)


# --- output ------------------------------------------------------------------------------------------


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_text(results: list[SplitResult], lists: bool = True) -> str:
    out: list[str] = []
    for res in results:
        out.append(f"{res.path}: {len(res.outcomes)} items ({res.overclaims} overclaims, {res.ok_items} ok)")
        out.append(f"  recall     {_fmt(res.recall)}  ({res.detected}/{res.overclaims} detected: "
                   f"{res.hits} by the labelled family, {res.other} by another family only)")
        out.append(f"  FPR        {_fmt(res.fpr)}  ({res.false_alarms}/{res.ok_items} ok items flagged)")
        out.append(f"  precision  {_fmt(res.precision)}  ({res.detected}/{res.flagged} flagged items are overclaims)")
        out.append("")
        width = max([len("family")] + [len(r.family) for r in res.families])
        out.append(f"  {'family':<{width}}  items  hits  other  recall  false-alarms")
        for r in res.families:
            out.append(f"  {r.family:<{width}}  {r.items:>5}  {r.hits:>4}  {r.other:>5}  {_fmt(r.recall):>6}"
                       f"  {r.false_alarms:>12}")
        if lists:
            for title, kind in (("misses", "miss"), ("detected by another family only", "other"),
                                ("false alarms", "false-alarm")):
                listed = res.listed(kind)
                out.append("")
                out.append(f"  {title} ({len(listed)}):")
                for o in listed:
                    rules = ", ".join(o.rule_ids) or "-"
                    out.append(f"    [{o.item.index}] {o.item.label}: {_short(o.item.text)}  -> {rules}")
        out.append("")
    return "\n".join(out)


def thresholds_missed(results: list[SplitResult], min_recall: float | None, max_fpr: float | None) -> list[str]:
    """One line per split that misses a threshold (empty when all pass)."""
    failed = []
    for res in results:
        if min_recall is not None and res.recall is not None and res.recall < min_recall:
            failed.append(f"{res.path}: recall {res.recall:.3f} is below --min-recall {min_recall}")
        if max_fpr is not None and res.fpr is not None and res.fpr > max_fpr:
            failed.append(f"{res.path}: false-positive rate {res.fpr:.3f} is above --max-fpr {max_fpr}")
    return failed
