#!/usr/bin/env python3
"""Benchmark healthlint against its start-up floor and against ripgrep, in one run.

    python bench/run.py [--sizes small,k1,k10,big,line] [--repeat N] [--quick]

Generates the synthetic inputs that are missing (bench/generate.py, into bench/.data/), then for each size
runs, interleaved round-robin so background noise hits every command alike:

* the floor: ``python -c "import click, yaml, regex"`` with healthlint's own interpreter (small only);
* ``healthlint check --no-nuance --fail-on never INPUT`` with ``--jobs 1`` and with the default jobs (only
  the default if this healthlint has no ``--jobs``);
* ripgrep with the union of the rule patterns (k1, k10, big, line; skipped with a note if ``rg`` is not on
  PATH). ripgrep does strictly less work: no parsing, no sentence logic, no exceptions or context.

The healthlint commands run with ``--no-cache``, so every run checks every file. On k1 and k10 one more
command runs without it ("findings cached"): its warm-up fills the result cache and its timed runs reuse
it, as a CI gate that keeps the cache does on a push that changed no page.

Every command first gets one untimed warm-up run (it fills the OS page cache and healthlint's rule cache);
for healthlint that run also measures peak memory and counts the findings. Then it is timed N times
(default 5 for small, 3 otherwise) and the median wall-clock time is reported with MB/s, the ratio to its
floor or peer, and PASS/MISS lines for the targets of issue 6. The exit code is 1 only if a command failed
(exit code other than 0/1, killed, or timed out), never because a target was missed.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate as gen  # noqa: E402  (bench/ is not a package)

FLOOR_CODE = "import click, yaml, regex"
ALL_SIZES = ("small", "k1", "k10", "big", "line")
QUICK_SIZES = ("small", "k1")
DEFAULT_REPEAT = {"small": 5}  # everything else: 3

CACHED_SIZES = ("k1", "k10")  # sizes also measured with the result cache warm

# Targets (issue 6)
SMALL_MAX_X_FLOOR = 1.25
PROSELINT_MB_S = 5.0 / 25.0  # proselint: 1,000 files / 5 MB in 25 s
K10_MIN_MB_S = 25 * PROSELINT_MB_S  # 5 MB/s
K10_MAX_X_RG = 30.0
BIG_MAX_RSS_X = 8.0

RG_NOTE = ("ripgrep does strictly less work than healthlint: it only finds lines matching any rule "
           "pattern - no Markdown parsing, no sentence splitting, no exceptions or context, no report.")


# --------------------------------------------------------------------------------------------------
# Running one command
# --------------------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the child and its descendants
    rc: int | None  # None: timed out
    stderr: str = ""
    peak_kb: int | None = None  # largest single process (/usr/bin/time %M or getrusage)
    tree_kb: int | None = None  # largest sampled sum over the process tree
    stdout: bytes | None = None


def _proc_tree_rss_kb(root: int) -> int:
    """Sum of resident memory of ``root`` and its descendants (a scan of /proc)."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        parents[int(name)] = int(fields[1])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    total = 0
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * page_kb
        except (OSError, IndexError, ValueError):
            pass
    return total


class TreeSampler(threading.Thread):
    """Samples the resident memory of a process tree every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, exclude_root: bool, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.exclude_root, self.interval = pid, exclude_root, interval
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        own = 0
        while not self.done.is_set():
            try:
                if self.exclude_root and not own:
                    with open(f"/proc/{self.pid}/statm", "rb") as f:
                        own = int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
                self.peak = max(self.peak, _proc_tree_rss_kb(self.pid) - own)
            except (OSError, ValueError, IndexError):
                pass
            self.done.wait(self.interval)


TIME_BIN = "/usr/bin/time"
#: Measured commands run as an installed package does: with bytecode. pip writes it for site-packages
#: at install time, but an editable install (a development checkout) only gets it on first import, and
#: not at all where PYTHONDONTWRITEBYTECODE is set; then every run would recompile healthlint's sources
#: (about 30 ms) while the floor's packages load from bytecode.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
_RUSAGE_HELPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(rc if rc >= 0 else 128 - rc)\n"
)


def _kill_session(pid: int, flag: threading.Event) -> None:
    """Kill the session ``pid`` leads (started for one command) and record that it timed out."""
    flag.set()
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended just now
        pass


def run_cmd(cmd: list[str], cwd: Path, timeout: float, memory: bool = False, capture: bool = False) -> Run:
    """Run ``cmd`` once; with ``memory`` also measure its peak RSS (outside the timed runs)."""
    rss_file = None
    full = cmd
    if memory:
        fd, rss_file = tempfile.mkstemp(prefix="hl-bench-rss-")
        os.close(fd)
        if os.access(TIME_BIN, os.X_OK):
            full = [TIME_BIN, "-f", "%M", "-o", rss_file, *cmd]
        else:  # a fresh child measures its own children: the max RSS of this one command
            full = [sys.executable, "-c", _RUSAGE_HELPER, rss_file, *cmd]
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=_ENV, stdin=subprocess.DEVNULL,
                                stdout=out if capture else subprocess.DEVNULL, stderr=err,
                                start_new_session=True)
        sampler = None
        if memory:
            sampler = TreeSampler(proc.pid, exclude_root=full is not cmd)
            sampler.start()
        # Block in waitpid and let a timer kill the command on timeout: Popen.wait(timeout=...) polls with
        # sleeps of up to 50 ms, which would round every short run up to the next poll.
        timed_out = threading.Event()
        killer = threading.Timer(timeout, _kill_session, (proc.pid, timed_out))
        killer.start()
        rc: int | None = proc.wait()
        seconds = time.perf_counter() - t0
        killer.cancel()
        if timed_out.is_set():
            rc = None
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if sampler:
            sampler.done.set()
            sampler.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        stdout = None
        if capture:
            out.seek(0)
            stdout = out.read()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    r = Run(seconds, cpu, rc, stderr[-4000:], stdout=stdout)
    if memory and rss_file:
        try:
            text = Path(rss_file).read_text().strip().splitlines()
            r.peak_kb = int(text[-1]) if text and text[-1].strip().isdigit() else None
        finally:
            os.unlink(rss_file)
        r.tree_kb = sampler.peak if sampler and sampler.peak else None
    return r


# --------------------------------------------------------------------------------------------------
# Finding the tools
# --------------------------------------------------------------------------------------------------


def find_healthlint(explicit: str | None) -> list[str]:
    if explicit:
        return shlex.split(explicit)
    sibling = Path(sys.executable).parent / "healthlint"
    if sibling.is_file() and os.access(sibling, os.X_OK):
        return [str(sibling)]
    found = shutil.which("healthlint")
    if found:
        return [found]
    sys.exit("run.py: no healthlint found next to this Python or on PATH; run it with the Python of the "
             "environment healthlint is installed in, or pass --healthlint")


def interpreter_of(hl: list[str], explicit: str | None) -> str:
    """The Python that runs healthlint (from the console script's shebang), for the floor."""
    if explicit:
        return explicit
    if len(hl) == 1:
        try:
            with open(hl[0], "rb") as f:
                first = f.readline().decode("utf-8", "replace").strip()
        except OSError:
            first = ""
        if first.startswith("#!"):
            parts = first[2:].split()
            if parts and Path(parts[0]).name != "env" and os.access(parts[0], os.X_OK):
                return parts[0]
    elif len(hl) >= 2 and "python" in Path(hl[0]).name:
        return hl[0]
    return sys.executable


def capture(cmd: list[str], cwd: Path = ROOT) -> tuple[int, str]:
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, str(exc)
    return p.returncode, p.stdout + p.stderr


def machine_info(python: str) -> dict:
    info: dict = {"cpu": "unknown", "cores": os.cpu_count(), "platform": platform.platform()}
    try:
        info["usable_cores"] = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        info["usable_cores"] = os.cpu_count()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    rc, out = capture([python, "-c", "import sys; print(sys.version.split()[0])"])
    info["python"] = out.strip() if rc == 0 else f"? ({out.strip()[:80]})"
    return info


_FINGERPRINT = r"""
import hashlib, sys
from pathlib import Path
import healthlint
roots = [Path(healthlint.__file__).resolve().parent]
try:
    from healthlint.rules import builtin_rules_dir
    roots.append(builtin_rules_dir())
except Exception:
    pass
h = hashlib.sha256()
for root in dict.fromkeys(roots):
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".json", ".yaml", ".yml"):
            h.update(str(p).encode() + b"\0" + p.read_bytes() + b"\0")
print(h.hexdigest()[:12])
"""


def code_fingerprint(python: str) -> str:
    """A hash of the healthlint code and rules this interpreter imports (to detect edits during a run)."""
    rc, out = capture([python, "-c", _FINGERPRINT])
    return out.strip().splitlines()[-1] if rc == 0 and out.strip() else "unknown"


def healthlint_info(hl: list[str]) -> dict:
    rc, out = capture([*hl, "--version"])
    version = out.strip().splitlines()[-1] if rc == 0 and out.strip() else "unknown"
    version = re.sub(r"^healthlint,?\s*(version\s*)?", "", version)
    rc, commit = capture(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    commit = commit.strip() if rc == 0 else "unknown"
    rc, dirty = capture(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src", "rules"])
    changed = len(dirty.splitlines()) if rc == 0 else 0
    if changed:
        commit += f" + uncommitted changes in src/ or rules/ ({changed} paths)"
    rc, help_text = capture([*hl, "check", "--help"])
    return {"version": version, "commit": commit, "has_jobs": "--jobs" in help_text,
            "has_no_cache": "--no-cache" in help_text}


# --------------------------------------------------------------------------------------------------
# ripgrep with the union of the rule patterns
# --------------------------------------------------------------------------------------------------

_RULE_DUMP = r"""
import json, sys
from pathlib import Path
import yaml
try:
    from healthlint.rules import builtin_rules_dir
    root = builtin_rules_dir()
except Exception:
    root = Path(sys.argv[1])
rules, vocab = {}, {}
for p in sorted(root.rglob("*")):
    if p.suffix not in (".yaml", ".yml") or not p.is_file():
        continue
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        continue
    if "vocab" in p.relative_to(root).parts[:-1]:
        vocab[str(data.get("name", p.stem))] = [str(t) for t in data.get("terms") or ()]
    elif "id" in data:
        rules[str(data["id"])] = {"patterns": [str(x) for x in data.get("patterns") or ()],
                                  "case_sensitive": bool(data.get("case_sensitive")), "path": str(p)}
print(json.dumps({"root": str(root), "rules": rules, "vocab": vocab}))
"""

_LIST_REF = re.compile(r"\\L<(\w+)>")
_LOOKAROUND = re.compile(r"\(\?<?[=!]")


def _pcre_escape(term: str) -> str:
    return "".join("\\" + c if c in "\\^$.|?*+()[]{}" else c for c in term)


def _strip_lookarounds(pattern: str) -> str:
    """Drop (?=…) (?!…) (?<=…) (?<!…) groups (for Rust regex, which has no look-arounds)."""
    out: list[str] = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":  # a literal ] first in a class
                out.append("[]")
                i += 2
                continue
        elif _LOOKAROUND.match(pattern, i):
            depth, j, cls = 0, i, False
            while j < n:
                d = pattern[j]
                if d == "\\":
                    j += 2
                    continue
                if cls:
                    cls = d != "]"
                elif d == "[":
                    cls = True
                elif d == "(":
                    depth += 1
                elif d == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


@dataclass
class Ripgrep:
    cmd: list[str] | None = None  # without the input path
    notes: list[str] = field(default_factory=list)
    patterns: int = 0
    rules: int = 0
    engine: str = ""
    version: str = ""


def build_ripgrep(hl: list[str], python: str, workdir: Path, engine: str = "auto") -> Ripgrep:
    rg = shutil.which("rg")
    if not rg:
        return Ripgrep(notes=["ripgrep (rg) is not on PATH: ripgrep comparisons skipped "
                              "(Debian/Ubuntu: apt-get install ripgrep)"])
    res = Ripgrep(version=capture([rg, "--version"])[1].splitlines()[0].strip())
    rc, out = capture([*hl, "rules", "--format", "json"])
    try:
        ids = [r["id"] for r in json.loads(out)] if rc == 0 else None
    except ValueError:
        ids = None
    if ids is None:
        res.notes.append("`healthlint rules --format json` failed; using every rule file found")
    rc, out = capture([python, "-c", _RULE_DUMP, str(ROOT / "rules")])
    if rc != 0:
        res.notes.append(f"could not read the rule files ({out.strip()[-200:]}): ripgrep skipped")
        return res
    dump = json.loads(out)
    rules, vocab = dump["rules"], dump["vocab"]
    wanted = ids if ids is not None else sorted(rules)
    missing = [i for i in wanted if i not in rules]
    if missing:
        res.notes.append(f"no rule file found for {', '.join(missing)}; not in the ripgrep union")

    def expand(pattern: str) -> str:
        def one(m: re.Match) -> str:
            terms = sorted(dict.fromkeys(t.strip() for t in vocab.get(m.group(1), ()) if t.strip()),
                           key=lambda t: (-len(t), t))
            return r"(?<!\w)(?:" + "|".join(_pcre_escape(t) for t in terms) + r")(?!\w)"
        return _LIST_REF.sub(one, pattern)

    patterns: list[str] = []
    for rid in wanted:
        rule = rules.get(rid)
        if not rule:
            continue
        res.rules += 1
        for p in rule["patterns"]:
            p = expand(p.strip())
            if "\n" in p:
                res.notes.append(f"{rid}: a pattern with a line break cannot go in a patterns file; skipped")
                continue
            patterns.append(f"(?-i:{p})" if rule["case_sensitive"] else p)
    pcre_ok = capture([rg, "--pcre2-version"])[0] == 0
    needs_pcre = any(_LOOKAROUND.search(p) or "(?-i:" in p for p in patterns)
    engines = {"auto": ["pcre2", "rust"] if needs_pcre else ["rust"]}.get(engine, [engine])
    base = [rg, "--no-config", "--no-ignore", "-i", "-c"]
    pfile = workdir / "rg-patterns.txt"

    def compiles(flags: list[str], pats: list[str]) -> tuple[bool, str]:
        pfile.write_text("\n".join(pats) + "\n", encoding="utf-8")
        rc, out = capture([*flags, "-f", str(pfile), "--", os.devnull])
        return rc in (0, 1), out.strip()

    for eng in engines:
        if eng == "pcre2" and not pcre_ok:
            res.notes.append("this rg has no PCRE2 support")
            continue
        flags = [*base, "--pcre2"] if eng == "pcre2" else base
        pats = patterns if eng == "pcre2" else [to_rust(p, ascii=eng == "rust") for p in patterns]
        ok, err = compiles(flags, pats)
        if not ok:
            first_err = err.splitlines()[0][:160] if err else "?"
            kept = [p for p in pats if compiles(flags, [p])[0]]
            if kept and len(kept) < len(pats) and compiles(flags, kept)[0]:
                res.notes.append(f"{len(pats) - len(kept)} pattern(s) do not compile in ripgrep ({eng}) and were "
                                 f"left out (first error: {first_err})")
                pats, ok = kept, True
            else:
                res.notes.append(f"ripgrep {eng}: the union of {len(pats)} patterns does not compile "
                                 f"({first_err})")
        if ok:
            compiles(flags, pats)  # leave the working set in the file
            res.patterns, res.engine = len(pats), eng
            res.cmd = [*flags, "-f", str(pfile)]
            if eng != "pcre2" and needs_pcre:
                res.notes.append("ripgrep runs Rust regex with the look-arounds removed: it matches a superset of "
                                 "the lines the exact patterns would")
            if eng == "rust":
                res.notes.append("ripgrep runs in ASCII mode ((?-u)): about 3x faster than Unicode mode with the "
                                 "same matches on the generated text, so the ratio to ripgrep is the strict one "
                                 "(--rg-engine rust-unicode for rg's default Unicode mode)")
            return res
    res.notes.append("no usable ripgrep pattern set: ripgrep skipped")
    return res


_WORD_EDGE = re.compile(r"\(\?<!\\w\)|\(\?!\\w\)")
_BACKSLASH_B = re.compile(r"(?<!\\)((?:\\\\)*)\\b")


def to_rust(pattern: str, ascii: bool = True) -> str:
    """A Rust-regex approximation of a PCRE pattern: word-edge look-arounds become ``\\b`` and other
    look-arounds are dropped. ``ascii``: the whole pattern in ASCII mode; otherwise only ``\\b`` is made
    ASCII (a Unicode word boundary makes ripgrep's DFA give up: about 4x slower on this input)."""
    p = _strip_lookarounds(_WORD_EDGE.sub(r"\\b", pattern))
    if ascii:
        return "(?-u)" + p
    return _BACKSLASH_B.sub(lambda m: m.group(1) + r"(?-u:\b)", p)


# --------------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------------


@dataclass
class Case:
    size: str
    label: str
    kind: str  # floor | healthlint | ripgrep
    cmd: list[str]
    jobs: str = ""  # "1" | "default" for healthlint
    runs: list[Run] = field(default_factory=list)
    warm: Run | None = None
    failed: str | None = None
    timed_out: bool = False

    @property
    def times(self) -> list[float]:
        return [r.seconds for r in self.runs]

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.runs else None

    @property
    def peak_kb(self) -> int | None:
        if not self.warm:
            return None
        vals = [v for v in (self.warm.peak_kb, self.warm.tree_kb) if v]
        return max(vals) if vals else None


_FOUND = re.compile(rb"Found (\d+) findings?")


def _findings(stdout: bytes | None) -> int | None:
    if not stdout:
        return 0 if stdout is not None else None
    m = _FOUND.search(stdout[-2000:])
    return int(m.group(1)) if m else None


def _ok(case: Case, r: Run) -> bool:
    """Record a failure on ``case``; False only when the run gave no time worth keeping (a timeout).
    A command that exits with an error still ran to the end: its times are kept and shown as FAILED."""
    if r.rc is None:
        case.failed = case.failed or "timed out"
        case.timed_out = True
        return False
    if r.rc not in ((0,) if case.kind == "floor" else (0, 1)):
        tail = r.stderr.strip().splitlines()[-1:] or [""]
        case.failed = case.failed or f"exit code {r.rc}: {tail[0][:200]}"
    return True


def measure(cases: list[Case], repeat: int, cwd: Path, timeout: float, log) -> None:
    for c in cases:
        log(f"  warm-up: {c.label}")
        # a "cached" case's warm-up fills the result cache: its output is kept (to compare), not its memory
        c.warm = run_cmd(c.cmd, cwd, timeout, memory=c.kind == "healthlint", capture=c.kind in ("healthlint", "cached"))
        _ok(c, c.warm)
    for i in range(repeat):
        for c in cases:
            if c.timed_out:
                continue
            r = run_cmd(c.cmd, cwd, timeout)
            if _ok(c, r):
                c.runs.append(r)
                log(f"  run {i + 1}/{repeat}: {c.label}: {r.seconds:.3f} s")


# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------


def fmt_s(x: float | None) -> str:
    return "-" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def fmt_mb(kb: int | None) -> str:
    return "-" if not kb else f"{kb / 1024:.0f} MB"


def precompile(python: str) -> list[str]:
    """Write healthlint's bytecode, as ``pip install`` does: an editable install run with
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module from source on each start."""
    code = "import compileall, healthlint, os; print(compileall.compile_dir(os.path.dirname(healthlint.__file__), quiet=1))"
    rc, out = capture([python, "-c", code])
    return [] if rc == 0 and out.strip() == "True" else [f"could not precompile healthlint's modules: {out.strip()[-200:]}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="See bench/README.md for what each case measures and the targets.")
    ap.add_argument("--sizes", type=gen.parse_sizes, default=None,
                    help=f"comma-separated sizes (default {','.join(ALL_SIZES)}; also: tiny)")
    ap.add_argument("--repeat", type=int, default=None,
                    help="timed runs per command (default 5 for small, 3 otherwise; --quick: 1)")
    ap.add_argument("--quick", action="store_true", help=f"1 repeat, sizes {','.join(QUICK_SIZES)} only")
    ap.add_argument("--data", type=Path, default=gen.DEFAULT_OUT, help="where generated inputs live")
    ap.add_argument("--seed", type=int, default=gen.DEFAULT_SEED, help="generator seed")
    ap.add_argument("--healthlint", help="healthlint command (default: next to this Python, else on PATH)")
    ap.add_argument("--python", help="interpreter for the floor (default: the one healthlint runs on)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds before one run counts as failed")
    ap.add_argument("--rg-engine", choices=("auto", "pcre2", "rust", "rust-unicode"), default="auto",
                    help="regex engine for ripgrep (auto: PCRE2 if the exact union compiles, else Rust regex "
                         "in ASCII mode)")
    ap.add_argument("--json", type=Path, help="also write all measurements to this JSON file")
    ap.add_argument("-v", "--verbose", action="store_true", help="log each run to stderr")
    args = ap.parse_args(argv)

    sizes = args.sizes or list(QUICK_SIZES if args.quick else ALL_SIZES)
    if args.repeat is not None and args.repeat < 1:
        ap.error("--repeat must be at least 1")

    def log(msg: str) -> None:
        if args.verbose:
            print(msg, file=sys.stderr, flush=True)

    hl = find_healthlint(args.healthlint)
    python = interpreter_of(hl, args.python)
    started = _dt.datetime.now().astimezone()
    load_before = os.getloadavg()
    machine = machine_info(python)
    info = healthlint_info(hl)
    info["fingerprint"] = code_fingerprint(python)
    notes_pre = precompile(python)

    manifests = {}
    for name in sizes:
        m, made = gen.ensure(gen.SIZES[name], args.data, args.seed)
        print(f"input {name}: {m['files']} file(s), {m['bytes'] / 1e6:.2f} MB"
              + (f" (generated in {m['seconds']} s)" if made else " (up to date)"), file=sys.stderr)
        manifests[name] = m

    notes: list[str] = list(notes_pre)
    failed = False
    with tempfile.TemporaryDirectory(prefix="hl-bench-") as tmp:
        rg = build_ripgrep(hl, python, Path(tmp), args.rg_engine)
        notes += rg.notes
        if not info["has_jobs"]:
            notes.append("this healthlint has no --jobs option: only the default invocation is measured")
        variants = [("1", ["--jobs", "1"]), ("default", [])] if info["has_jobs"] else [("default", [])]
        # every timed run checks every file; a run with the result cache is measured on its own line
        cold = ["--no-cache"] if info["has_no_cache"] else []
        cases_by_size: dict[str, list[Case]] = {}
        loads: dict[str, float] = {}
        for name in sizes:
            inp = manifests[name]["input"]
            cases: list[Case] = []
            if name in ("small", "tiny"):
                cases.append(Case(name, f"floor: python -c \"{FLOOR_CODE}\"", "floor", [python, "-c", FLOOR_CODE]))
            if rg.cmd and name not in ("small", "tiny"):
                cases.append(Case(name, "ripgrep (union of rule patterns)", "ripgrep", [*rg.cmd, "--", inp]))
            for jobs, extra in variants:
                label = "healthlint --jobs 1" if jobs == "1" else "healthlint (default jobs)"
                cases.append(Case(name, label, "healthlint",
                                  [*hl, "check", "--no-nuance", "--fail-on", "never", *cold, *extra, inp], jobs))
            if cold and name in CACHED_SIZES:  # the warm-up run fills the result cache; timed runs hit it
                cases.append(Case(name, "healthlint, findings cached", "cached",
                                  [*hl, "check", "--no-nuance", "--fail-on", "never", inp], "default"))
            repeat = args.repeat or (1 if args.quick else DEFAULT_REPEAT.get(name, 3))
            print(f"measuring {name}: {len(cases)} commands x (1 warm-up + {repeat} timed runs)",
                  file=sys.stderr, flush=True)
            loads[name] = os.getloadavg()[0]
            measure(cases, repeat, args.data, args.timeout, log)
            cases_by_size[name] = cases
            failed |= any(c.failed for c in cases)
    load_after = os.getloadavg()
    fingerprint_after = code_fingerprint(python)
    if fingerprint_after != info["fingerprint"]:
        notes.append(f"WARNING healthlint's code or rules changed during this run (fingerprint "
                     f"{info['fingerprint']} -> {fingerprint_after}): the figures mix versions; rerun")

    # ---- table
    def per_mb(c: Case) -> float | None:
        return c.median / (manifests[c.size]["bytes"] / 1e6) if c.median else None

    def find(size: str, kind: str, jobs: str = "") -> Case | None:
        for c in cases_by_size.get(size, []):
            if c.kind == kind and (not jobs or c.jobs == jobs):
                return c
        return None

    rows = [("case", "command", "runs", "median s", "min-max s", "MB/s", "cpu s", "peak RSS", "findings",
             "compared with")]
    for name in sizes:
        m = manifests[name]
        mb = m["bytes"] / 1e6
        for c in cases_by_size[name]:
            if not c.runs:
                rows.append((name, c.label, "0", "FAILED", "-", "-", "-", fmt_mb(c.peak_kb), "-", c.failed or ""))
                continue
            med = c.median
            cmp = ""
            if c.kind == "cached":
                base = find(name, "healthlint", "default")
                if base and base.median:
                    cmp = f"{base.median / med:.0f}x faster than checking every file"
            if c.kind == "healthlint":
                floor, peer = find(name, "floor"), find(name, "ripgrep")
                if floor and floor.median:
                    cmp = f"{med / floor.median:.2f}x floor"
                elif name == "big" and c.peak_kb:
                    cmp = f"peak RSS {c.peak_kb * 1024 / m['bytes']:.1f}x file size"
                elif name == "line":
                    k10 = find("k10", "healthlint", c.jobs)
                    if k10 and per_mb(k10):
                        cmp = f"{per_mb(c):.3f} s/MB vs k10 {per_mb(k10):.3f} s/MB ({per_mb(c) / per_mb(k10):.2f}x)"
                    else:
                        cmp = f"{per_mb(c):.3f} s/MB (k10 not measured)"
                if peer and peer.median and name != "line" and name != "big":
                    cmp = f"{med / peer.median:.1f}x ripgrep"
                elif peer and peer.median and name == "big":
                    cmp += f"; {med / peer.median:.1f}x ripgrep"
            cpu = statistics.median(r.cpu for r in c.runs)
            found = _findings(c.warm.stdout) if c.warm else None
            rows.append((
                name, c.label, str(len(c.runs)), fmt_s(med), f"{fmt_s(min(c.times))}-{fmt_s(max(c.times))}",
                "-" if c.kind == "floor" else f"{mb / med:.2f}", fmt_s(cpu),
                fmt_mb(c.peak_kb), "-" if found is None else str(found),
                f"FAILED ({c.failed.split(':')[0]}); {cmp}" if c.failed else cmp,
            ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))

    # ---- targets
    targets: list[str] = []

    def verdict(ok: bool | None, text: str) -> None:
        targets.append(f"{'SKIP' if ok is None else 'PASS' if ok else 'MISS'}  {text}")

    def tag(c: Case) -> str:
        return f" [command FAILED ({c.failed.split(':')[0]}): results incomplete]" if c.failed else ""

    for jobs, _ in variants:
        jl = "--jobs 1" if jobs == "1" else "default jobs"
        c, floor = find("small", "healthlint", jobs), find("small", "floor")
        if c and floor and c.median and floor.median:
            x = c.median / floor.median
            verdict(x <= SMALL_MAX_X_FLOOR, f"small, {jl}: {x:.2f}x the import floor (target <= {SMALL_MAX_X_FLOOR}x)" + tag(c))
        elif "small" in sizes:
            verdict(None, f"small, {jl}: not measured")
        c, peer = find("k10", "healthlint", jobs), find("k10", "ripgrep")
        if c and c.median:
            mbs = manifests["k10"]["bytes"] / 1e6 / c.median
            verdict(mbs >= K10_MIN_MB_S, f"k10, {jl}: {mbs:.2f} MB/s = {mbs / PROSELINT_MB_S:.1f}x proselint's "
                    f"{PROSELINT_MB_S:.1f} MB/s (target >= {K10_MIN_MB_S:.0f} MB/s, 25x)" + tag(c))
            if peer and peer.median:
                x = c.median / peer.median
                verdict(x <= K10_MAX_X_RG, f"k10, {jl}: {x:.1f}x ripgrep's wall time (target <= {K10_MAX_X_RG:.0f}x)" + tag(c))
            else:
                verdict(None, f"k10, {jl}: no ripgrep measurement to compare with")
        c = find("big", "healthlint", jobs)
        if c and c.peak_kb:
            x = c.peak_kb * 1024 / manifests["big"]["bytes"]
            verdict(x <= BIG_MAX_RSS_X, f"big, {jl}: peak RSS {fmt_mb(c.peak_kb)} = {x:.1f}x the file size "
                    f"(target <= {BIG_MAX_RSS_X:.0f}x)" + tag(c))
        c, k10 = find("line", "healthlint", jobs), find("k10", "healthlint", jobs)
        if c and c.median:
            if k10 and k10.median:
                a, b = per_mb(c), per_mb(k10)
                verdict(a <= b, f"line, {jl}: {a:.3f} s/MB vs k10's {b:.3f} s/MB (target: no worse)" + tag(c))
            else:
                verdict(None, f"line, {jl}: {per_mb(c):.3f} s/MB; k10 not measured in this run")

    # consistency: --jobs 1 and default must report the same findings
    for name in sizes:
        a, b = find(name, "healthlint", "1"), find(name, "healthlint", "default")
        if a and b and a.warm and b.warm and a.warm.stdout is not None and b.warm.stdout is not None \
                and a.warm.stdout != b.warm.stdout:
            notes.append(f"WARNING {name}: --jobs 1 and default jobs printed different output")
        c = find(name, "cached")
        if a and c and a.warm and c.warm and a.warm.stdout is not None and c.warm.stdout is not None \
                and a.warm.stdout != c.warm.stdout:
            notes.append(f"WARNING {name}: the run with the result cache printed different output")
    if cold:
        notes.append("healthlint runs use --no-cache (every file checked in every run), except 'findings cached', "
                     "whose warm-up run fills the result cache and whose timed runs reuse it: a CI gate that keeps "
                     "~/.cache/healthlint and re-checks a repository in which no page changed")

    # ---- print
    out = sys.stdout
    print(f"healthlint benchmark, {started:%Y-%m-%d %H:%M %Z}", file=out)
    print(f"machine: {machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable), "
          f"{machine.get('memory_gb', '?')} GB RAM, {machine['platform']}", file=out)
    print(f"python: {machine['python']} ({python})", file=out)
    print(f"healthlint: {info['version']}, commit {info['commit']}, code fingerprint {info['fingerprint']} "
          f"({' '.join(hl)})", file=out)
    print(f"load average (1 min) at start, before each size, at end: {load_before[0]:.2f}; "
          + ", ".join(f"{k} {v:.2f}" for k, v in loads.items()) + f"; {load_after[0]:.2f}", file=out)
    if rg.cmd:
        print(f"ripgrep: {rg.version}, {rg.patterns} patterns from {rg.rules} rules, "
              f"{ {'pcre2': 'PCRE2 (exact patterns)', 'rust': 'Rust regex, ASCII mode'}.get(rg.engine, 'Rust regex, Unicode')}",
              file=out)
    print(f"median wall-clock seconds after 1 untimed warm-up run per command; commands interleaved; "
          f"MB = 10^6 bytes; peak RSS from the warm-up run", file=out)
    print("", file=out)
    print("\n".join(lines), file=out)
    print("", file=out)
    print("targets (issue 6):", file=out)
    for t in targets:
        print("  " + t, file=out)
    print("", file=out)
    print("notes:", file=out)
    if rg.cmd:
        print("  " + RG_NOTE, file=out)
    for n in notes:
        print("  " + n, file=out)
    if failed:
        print("", file=out)
        for cases in cases_by_size.values():
            for c in cases:
                if c.failed:
                    print(f"FAILED {c.size}: {c.label}: {c.failed}", file=out)
                    print(f"  command: {shlex.join(c.cmd)}", file=out)

    if args.json:
        args.json.write_text(json.dumps({
            "started": started.isoformat(), "machine": machine, "healthlint": info, "python": python,
            "load_average": {"start": load_before, "sizes": loads, "end": load_after}, "ripgrep": rg.cmd, "targets": targets, "notes": notes,
            "inputs": manifests,
            "cases": [{"size": c.size, "command": c.cmd, "label": c.label, "kind": c.kind, "jobs": c.jobs,
                       "times": c.times, "cpu": [r.cpu for r in c.runs], "median": c.median,
                       "peak_rss_kb": c.peak_kb, "failed": c.failed,
                       "findings": _findings(c.warm.stdout) if c.warm else None}
                      for cases in cases_by_size.values() for c in cases],
        }, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
