"""The result cache: a second run on an unchanged tree answers from .verify_cache/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from verifier.cache import Cache, Entry, tool_fingerprint
from verifier.result import Counterexample, Location, Result, TraceStep, Verdict

SAFE_C = "void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n"
AVERAGE_C = "int average(int a, int b) {\n    return (a + b) / 2;\n}\n"


def verify_json(*args: str, cwd: Path) -> tuple[int, dict]:
    p = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--format", "json", *args],
                       capture_output=True, text=True, cwd=cwd, timeout=300)
    return p.returncode, json.loads(p.stdout)


def _stable(doc: dict) -> list[tuple]:
    return [(r["check"], r["target"], r["location"]["line"], r["location"]["column"], r["verdict"], r["reason"],
             (r["counterexample"] or {}).get("inputs"), (r["certificate"] or {}).get("kind"))
            for r in doc["results"]]


def _two_runs(tmp_path: Path, *args: str) -> tuple[dict, dict]:
    """A cold and a warm run; retried once if the tool's own sources changed in
    between (someone editing the checkout invalidates the cache, as it should)."""
    for _ in range(2):
        before = tool_fingerprint()
        _, cold = verify_json(*args, cwd=tmp_path)
        _, warm = verify_json(*args, cwd=tmp_path)
        if tool_fingerprint() == before:
            break
    return cold, warm


def test_second_run_on_unchanged_tree_answers_from_cache(tmp_path):
    (tmp_path / "f.c").write_text(SAFE_C)
    (tmp_path / "avg.c").write_text(AVERAGE_C)
    cold, warm = _two_runs(tmp_path, "f.c", "avg.c")
    assert cold["cache"] == {"hits": 0, "misses": 2}
    assert warm["cache"] == {"hits": 2, "misses": 0}
    assert _stable(warm) == _stable(cold) and warm["verdict"] == "no"
    assert warm["results"][0]["counterexample"]["confirmed"] is True
    assert (tmp_path / ".verify_cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_changed_file_or_options_miss_the_cache(tmp_path):
    (tmp_path / "f.c").write_text(SAFE_C)
    (tmp_path / "avg.c").write_text(AVERAGE_C)
    _two_runs(tmp_path, "f.c", "avg.c")
    (tmp_path / "avg.c").write_text(AVERAGE_C.replace("(a + b) / 2", "a / 2 + b / 2"))
    _, doc = verify_json("f.c", "avg.c", cwd=tmp_path)
    assert doc["cache"] == {"hits": 1, "misses": 1} and doc["verdict"] == "yes"
    _, doc = verify_json("f.c", "avg.c", "--timeout", "9", cwd=tmp_path)
    assert doc["cache"]["misses"] == 2


def test_no_cache_recomputes_and_writes_nothing(tmp_path):
    (tmp_path / "f.c").write_text(SAFE_C)
    code, doc = verify_json("f.c", "--no-cache", cwd=tmp_path)
    assert code == 0 and doc["cache"] == {"hits": 0, "misses": 1}
    assert not (tmp_path / ".verify_cache").exists()
    code, doc = verify_json("f.c", "--no-cache", cwd=tmp_path)
    assert doc["cache"] == {"hits": 0, "misses": 1}


def test_cache_disabled_in_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.verify]\ncache = false\n")
    (tmp_path / "f.c").write_text(SAFE_C)
    verify_json("f.c", cwd=tmp_path)
    _, doc = verify_json("f.c", cwd=tmp_path)
    assert doc["cache"] == {"hits": 0, "misses": 1}


def _sample() -> Result:
    return Result("assert", "a.c:f", Location("a.c", 3, 5), Verdict.NO, message="x > 0",
                  counterexample=Counterexample(inputs={"x": -(2**70)}, nondet=[1, 2],
                                                trace=[TraceStep(3, {"x": 0})], confirmed=True, replay="gcc"))


def test_entries_round_trip_and_corrupt_entries_are_misses(tmp_path):
    cache = Cache(tmp_path)
    key = cache.key("a.c", b"int f();", {"timeout": 1})
    cache.put(key, Entry([_sample()]))
    got = Cache(tmp_path).get(key)
    assert got is not None and got.results[0].to_json() == _sample().to_json()
    entry_file = next((tmp_path / ".verify_cache").rglob(f"{key}.json"))
    for junk in (b"{not json", b'{"results": [{"check": 1}]}', b"\x00\xff"):
        entry_file.parent.mkdir(parents=True, exist_ok=True)
        entry_file.write_bytes(junk)
        fresh = Cache(tmp_path)
        assert fresh.get(key) is None and fresh.misses == 1
        assert not entry_file.exists()  # dropped, rewritten by the next run


def test_crashed_worker_answers_are_not_cached(tmp_path):
    cache = Cache(tmp_path)
    crashed = Result("assert", "a.c:f", Location("a.c"), Verdict.UNKNOWN, reason="solver: worker crashed (killed)")
    cache.put("k" * 64, Entry([crashed]))
    assert cache.get("k" * 64) is None


def test_cache_stays_small(tmp_path):
    cache = Cache(tmp_path)
    for i in range(30):
        cache.put(cache.key(f"f{i}.c", b"x", {}), Entry([_sample()]))
    cache.prune(limit=10)
    assert len(list((tmp_path / ".verify_cache").rglob("*.json"))) == 10
