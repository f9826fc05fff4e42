from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.engine import Linter
from healthlint.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def ruleset():
    return load_rules()


@pytest.fixture(scope="session")
def linter(ruleset):
    return Linter(ruleset)


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS} (they live beside the checkout in shared/seeds)")
    return SEEDS


@pytest.fixture(autouse=True)
def _no_result_cache(request, monkeypatch):
    """Checks run in this process re-check every file, unless a test is marked ``result_cache``.

    Many tests run the same page under a patched engine (a split, a time budget) and compare outputs;
    a cached result would answer for the unpatched engine. Tests marked ``result_cache`` test the cache."""
    if request.node.get_closest_marker("result_cache") is None:
        from healthlint.results import ResultCache

        monkeypatch.setattr(ResultCache, "for_linter", classmethod(lambda cls, linter: None))
