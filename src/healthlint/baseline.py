"""Baselines: record today's findings so that a gate fails only on new ones.

A finding's fingerprint hashes its rule ID, its path (POSIX, relative to the working directory) and the
normalised text of its sentence, plus an occurrence index for the same claim repeated in one file. Line
numbers are left out on purpose: moving a paragraph keeps its fingerprint; editing the sentence does not.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePath

from healthlint import __version__
from healthlint.errors import HealthlintError
from healthlint.model import Finding

VERSION = 1


def normal_path(path: str) -> str:
    """The path as recorded: relative to the working directory when it is below it, with forward slashes."""
    if path == "-":
        return path
    p = PurePath(path)
    if p.is_absolute():
        try:
            p = PurePath(os.path.relpath(p, Path.cwd()))
        except ValueError:  # another drive (Windows)
            pass
        if p.as_posix().startswith("../"):
            p = PurePath(path)
    return p.as_posix().removeprefix("./")


def normal_sentence(text: str) -> str:
    return " ".join(text.split()).casefold()


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in order."""
    seen: dict[tuple[str, str, str], int] = {}
    out: list[str] = []
    for f in findings:
        key = (f.rule_id, normal_path(f.path), normal_sentence(f.sentence or f.match))
        index = seen.get(key, 0)
        seen[key] = index + 1
        out.append(hashlib.sha256("\0".join((*key, str(index))).encode("utf-8")).hexdigest()[:32])
    return out


def write(path: Path, findings: Sequence[Finding]) -> int:
    """Write the baseline of ``findings``; return how many it holds."""
    rows = [
        {"fingerprint": fp, "rule_id": f.rule_id, "path": normal_path(f.path), "sentence": f.sentence or f.match}
        for f, fp in zip(findings, fingerprints(findings))
    ]
    rows.sort(key=lambda r: (r["path"], r["rule_id"], r["fingerprint"]))
    data = {"healthlint_baseline": VERSION, "healthlint_version": __version__, "findings": rows}
    try:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise HealthlintError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return len(rows)


def load(path: Path) -> frozenset[str]:
    """The fingerprints recorded in a baseline file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise HealthlintError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise HealthlintError(f"{path}: not a healthlint baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("healthlint_baseline") != VERSION or not isinstance(
        data.get("findings"), list
    ):
        raise HealthlintError(f"{path}: not a healthlint baseline (write one with --write-baseline)")
    try:
        return frozenset(str(row["fingerprint"]) for row in data["findings"])
    except (TypeError, KeyError):
        raise HealthlintError(f"{path}: findings: every entry needs a 'fingerprint'") from None


def new_findings(findings: Sequence[Finding], known: frozenset[str]) -> list[Finding]:
    """The findings whose fingerprint is not in the baseline."""
    return [f for f, fp in zip(findings, fingerprints(findings)) if fp not in known]
