"""The benchmark harness: the generator is deterministic and realistic; run.py starts. No timing here."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"

pytestmark = pytest.mark.skipif(not (BENCH / "generate.py").is_file(), reason="bench/ not present")


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_files(gen, tmp_path):
    a = gen.generate(gen.SIZES["tiny"], tmp_path / "a", seed=7)
    b = gen.generate(gen.SIZES["tiny"], tmp_path / "b", seed=7)
    fa, fb = _files(tmp_path / "a" / "tiny"), _files(tmp_path / "b" / "tiny")
    assert len(fa) == gen.SIZES["tiny"].files
    assert fa == fb
    assert a["sha256"] == b["sha256"] and a["bytes"] == sum(map(len, fa.values()))
    c = gen.generate(gen.SIZES["tiny"], tmp_path / "c", seed=8)
    assert c["sha256"] != a["sha256"]


def test_pages_look_like_real_sites(gen, tmp_path):
    gen.generate(gen.SIZES["tiny"], tmp_path, seed=gen.DEFAULT_SEED)
    files = _files(tmp_path / "tiny")
    texts = [data.decode("utf-8") for data in files.values()]
    assert all(name.endswith(".md") for name in files)
    assert all(t.startswith("---\ntitle: ") and "\ndescription: " in t and "\n---\n" in t for t in texts)
    joined = "\n".join(texts)
    assert "\n```" in joined  # fenced code blocks
    assert "\n## " in joined and ("\n- " in joined or "\n* " in joined)
    assert "](/" in joined and "![" in joined  # links and images with alt text
    assert "\n| " in joined or "\n> " in joined
    overclaims = [s for s in gen.OVERCLAIMS if "{" not in s and s in joined]
    assert overclaims, "expected at least one overclaim"
    # most text is neutral prose
    m = gen.read_manifest(tmp_path, "tiny")
    counts = m["sentences"]
    assert counts["overclaim"] >= 1 and counts["neutral"] > 10 * (counts["overclaim"] + counts["hedged"])


def test_custom_size_and_single_line(gen, tmp_path):
    spec = gen.Spec("oneline", 1, 20_000, single_line=True)
    m = gen.generate(spec, tmp_path)
    (path,) = (tmp_path / "oneline").rglob("*.md")
    data = path.read_bytes()
    assert b"\n" not in data and len(data) >= 20_000 and m["input"] == "oneline/page.md"


def test_matching_manifest_skips_regeneration(gen, tmp_path):
    spec = gen.SIZES["tiny"]
    _, made = gen.ensure(spec, tmp_path, seed=3)
    assert made
    _, made = gen.ensure(spec, tmp_path, seed=3)
    assert not made
    _, made = gen.ensure(spec, tmp_path, seed=4)  # another seed: regenerated
    assert made
    next((tmp_path / "tiny").rglob("*.md")).unlink()  # a missing file: regenerated
    _, made = gen.ensure(spec, tmp_path, seed=4)
    assert made


def test_generate_cli(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), str(tmp_path), "--name", "t", "--files", "3", "--bytes", "9000"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "t").rglob("*.md"))) == 3 and (tmp_path / "t.json").is_file()


def test_run_help():
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "--sizes" in proc.stdout and "--repeat" in proc.stdout and "--quick" in proc.stdout


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_run_cmd_reports_exit_code_and_timeout(run, tmp_path):
    ok = run.run_cmd([sys.executable, "-c", "import sys; sys.exit(1)"], tmp_path, timeout=60)
    assert ok.rc == 1
    slow = run.run_cmd([sys.executable, "-c", "import time; time.sleep(60)"], tmp_path, timeout=0.5)
    assert slow.rc is None  # killed by the timer, not waited out
    assert slow.seconds < 30


def test_ripgrep_pattern_translation(run):
    assert run._strip_lookarounds(r"(?<!\bthe\W)cure(?!\W+of\b)s?") == "cures?"
    assert run._strip_lookarounds(r"a[(?!]b\(?!c") == r"a[(?!]b\(?!c"
    assert run.to_rust(r"(?<!\w)(?:cure|heal)(?!\w) \bx", ascii=False) == r"(?-u:\b)(?:cure|heal)(?-u:\b) (?-u:\b)x"
    assert run.to_rust(r"(?<!\w)cure(?!\w)") == r"(?-u)\bcure\b"
    assert run._pcre_escape("100% (sure)?") == r"100% \(sure\)\?"
