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
