"""Benchmark `verify network` on the templates of bench/network/ against their expected answers.

Prints one row per question and endpoint (answer, expected, time in process) and a
summary: answers, wrong answers, and the median and worst time per check (goal: 0
wrong, median under 100 ms). Run: python bench/bench_network.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from verifier.deadline import Deadline
from verifier.network import questions
from verifier.network.load import load_network

HERE = Path(__file__).parent / "network"
TIMEOUT = 30.0


def ranges(text: str | None) -> tuple[tuple[int, int], ...] | None:
    if not text:
        return None
    return tuple((int(p.split("-")[0]), int(p.split("-")[-1])) for p in text.split(","))


def protocols(entry: dict) -> tuple[tuple[int, int], ...] | None:
    from verifier.network.addresses import PROTOCOL_NAMES

    text = entry.get("protocol") or ("tcp,udp" if entry.get("port") else "all")
    numbers = [PROTOCOL_NAMES[p] for p in text.split(",")]
    return None if -1 in numbers else tuple((n, n) for n in numbers)


def answer(entry: dict) -> dict[str, str]:
    """The verdict per endpoint (one key "" for single-answer questions)."""
    deadline = Deadline.after(TIMEOUT)
    kind = entry["question"]
    if kind == "no-new-reachability":
        results = questions.no_new_reachability(load_network(str(HERE / entry["old"])),
                                                load_network(str(HERE / entry["new"])), deadline)
        return {r.target.rsplit(":", 1)[-1]: r.verdict.value for r in results}
    net = load_network(str(HERE / entry["template"]))
    if kind == "no-public-ingress":
        results = questions.no_public_ingress(net, ranges(entry.get("port")), protocols(entry), deadline)
        return {r.target.rsplit(":", 1)[-1]: r.verdict.value for r in results}
    if kind == "can-reach":
        r = questions.can_reach(net, entry["source"], entry["target"], ranges(entry["port"]),
                                protocols({"protocol": entry.get("protocol", "tcp")}), deadline)
    else:
        r = questions.isolated(net, entry["a"], entry["b"], deadline)
    return {"": r.verdict.value}


def expected(entry: dict) -> dict[str, str]:
    want = entry["expect"]
    return want if isinstance(want, dict) else {"": want}


def label(entry: dict) -> str:
    name = entry.get("template") or f"{entry['old']} -> {entry['new']}"
    extra = " ".join(f"{k}={entry[k]}" for k in ("source", "target", "a", "b", "port", "protocol") if k in entry)
    return f"{entry['question']} {name} {extra}".strip()


def run(repeat: int) -> int:
    manifest = json.loads((HERE / "manifest.json").read_text())
    rows, times, wrong, answered = [], [], 0, 0
    for entry in manifest["questions"]:
        got: dict[str, str] = {}
        spent = []
        for _ in range(repeat):
            started = time.perf_counter()
            got = answer(entry)
            spent.append(time.perf_counter() - started)
        want = expected(entry)
        per_check = statistics.median(spent) / max(1, len(got))
        for key, verdict in sorted(want.items()):
            actual = got.get(key, "missing")
            ok = actual == verdict
            wrong += not ok
            answered += actual in ("yes", "no")
            times.append(per_check)
            rows.append((label(entry) + (f" [{key}]" if key else ""), actual, verdict, ok, per_check))
    width = max(len(r[0]) for r in rows)
    print(f"{'question':<{width}}  {'answer':<8} {'expected':<8} {'ok':<3} {'ms':>7}")
    for name, actual, verdict, ok, seconds in rows:
        print(f"{name:<{width}}  {actual:<8} {verdict:<8} {'ok' if ok else 'NO':<3} {seconds * 1000:7.1f}")
    print(f"\n{len(rows)} checks over {len(list(HERE.glob('*.yaml'))) + len(list(HERE.glob('*.tf')))} templates: "
          f"{answered} answered yes/no, {len(rows) - answered} unknown (as expected where expected), {wrong} wrong")
    print(f"time per check in process (read + paths + z3 + replay): median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms (goal: median under 100 ms)")
    return 1 if wrong else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per question (the median is kept)")
    sys.exit(run(parser.parse_args().repeat))
