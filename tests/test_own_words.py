"""Rule text and corpus pages are written in healthlint's own words: no run of eight or more words is
copied from the seed documents (facts and figures carry over, sentences do not)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from healthlint.rules import load_rules

RUN = 8
ROOT = Path(__file__).resolve().parents[1]
_WORD = regex.compile(r"[\p{L}\p{N}]+")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.fixture(scope="module")
def seed_shingles(seeds) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for path in sorted(seeds.glob("*")):
        out |= shingles(path.read_text(encoding="utf-8", errors="replace"))
    return out


def texts():
    for rule in load_rules().rules:
        yield f"{rule.id} message/nuance/suggestion", " ".join([rule.message, rule.nuance, rule.suggestion or ""])
        for kind in ("bad", "good"):
            for i, ex in enumerate(getattr(rule, kind)):
                yield f"{rule.id} {kind}[{i}]", ex.text
    for page in sorted((ROOT / "corpus").rglob("*")):
        if page.is_file() and page.suffix in (".md", ".html", ".txt", ".yaml"):
            yield str(page.relative_to(ROOT)), page.read_text(encoding="utf-8")


def test_no_sentence_copied_from_the_seeds(seed_shingles):
    copied = []
    for where, text in texts():
        common = shingles(text) & seed_shingles
        if common:
            copied.append(f"{where}: {' '.join(sorted(common)[0])}")
    assert not copied, "copied from the seeds:\n" + "\n".join(copied)
