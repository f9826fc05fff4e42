"""The real pre-commit, running this checkout's hook (.pre-commit-hooks.yaml) on a temporary repository.

pre-commit builds the hook's own virtualenv from the checkout (pip install from PyPI), so this test
takes 15-30 s and needs the network: it is marked slow (deselect with -m "not slow"), and runs by default.
The hook repository is a snapshot of the working tree (tracked and untracked, not ignored, files)
committed to a temporary git repository, so uncommitted work is what gets tested. The site refers to it
the way a content repository does, from its .pre-commit-config.yaml at a pinned rev, so pre-commit builds
the hook's environment once and reuses it for the second commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLAIM = "Ketamine erases suicidal thoughts in four hours.\n"
CLEAN = "Our clinic is open on weekdays from nine to five.\n"

pytestmark = pytest.mark.slow


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    pytest.importorskip("pre_commit", reason="pre-commit is in the test extra: pip install -e '.[test]'")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path_factory.mktemp("pre-commit-home")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "HEALTHLINT_"))}
    return clean | {
        "PRE_COMMIT_HOME": str(home / "cache"),
        "HEALTHLINT_CACHE_DIR": str(home / "healthlint-cache"),
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1",
    }


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("the checkout is not a git repository")
    files = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=env).split("\0")
    repo = tmp_path_factory.mktemp("hook-repo")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    _git("init", "-q", cwd=repo, env=env)
    _git("add", "-A", cwd=repo, env=env)
    _git("commit", "-q", "-m", "snapshot of the working tree", cwd=repo, env=env)
    return repo


def _run_hook(site: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--files", *files],
        cwd=site, env=env, capture_output=True, text=True, timeout=600,
    )


def test_hook_fails_on_a_claim_and_passes_on_clean_copy(tmp_path, hook_repo, env):
    site = tmp_path / "site"
    site.mkdir()
    _git("init", "-q", cwd=site, env=env)
    rev = _git("rev-parse", "HEAD", cwd=hook_repo, env=env).strip()
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: healthlint\n", encoding="utf-8")
    (site / ".healthlint.yaml").write_text("select: [KET001]\n", encoding="utf-8")
    (site / "page.md").write_text(f"# Treatments\n\n{CLAIM}", encoding="utf-8")
    _git("add", ".", cwd=site, env=env)

    failed = _run_hook(site, env, "page.md")
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    assert "Failed" in out
    assert "page.md:3:10: KET001 error" in out

    (site / "page.md").write_text(f"# Treatments\n\n{CLEAN}", encoding="utf-8")
    _git("add", ".", cwd=site, env=env)
    _git("commit", "-q", "-m", "clean copy", cwd=site, env=env)
    passed = _run_hook(site, env, "page.md")
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, out
    assert "Passed" in out
