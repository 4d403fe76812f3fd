"""Every policy check over the whole corpus, with a naive plain-z3 encoding side by side.

    python bench/policy_bench.py [--jobs 2] [--timeout 10] [--corpus DIR] [--no-naive]

Prints (rich) a table of answers per check, the unknowns with their reasons,
median and max time per check as measured in-process, and the whole run's wall
time; then the naive encoding (one z3 string per field, a regex per pattern, no
catalogue) on the same comparisons: its answers, times, and how many of its
counterexamples replay and name an action AWS documents.

Checks: validate, allows (a request built from the policy's first statement),
no-public-access, not-granted (--action iam:* s3:DeleteBucket
s3:PutBucketPolicy ec2:TerminateInstances) on every file; no-new-access on
every initial/fixed pair in both directions; equiv on every pair of policies of
one folder. The corpus is read from ../shared/corpora/policies.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CORPUS = ROOT.parent / "shared" / "corpora" / "policies"
NOT_GRANTED = ("iam:*", "s3:DeleteBucket", "s3:PutBucketPolicy", "ec2:TerminateInstances")
CHECKS = ("validate", "allows", "no-public-access", "not-granted", "no-new-access", "equiv")


@dataclass
class Row:
    """One check's answer on one input."""

    check: str
    target: str
    verdict: str
    reason: str
    seconds: float
    cpu: float = 0.0
    naive: object = None
    solving: float = 0.0  # the same check without cvc5 and Hypothesis (comparisons only)


def tasks(corpus: Path) -> list[tuple[str, tuple[str, ...]]]:
    files = sorted(corpus.rglob("*.json"))
    out: list[tuple[str, tuple[str, ...]]] = []
    for f in files:
        for check in ("parse", "validate", "allows", "no-public-access", "not-granted"):
            out.append((check, (str(f),)))
    for f in files:
        if f.name == "fixed.json" and (f.parent / "initial.json").exists():
            old, new = str(f.parent / "initial.json"), str(f)
            out += [("no-new-access", (old, new)), ("no-new-access", (new, old))]
    folders = defaultdict(list)
    for f in files:
        if f.name != "domain.json":
            folders[f.parent].append(str(f))
    for group in folders.values():
        out += [("equiv", pair) for pair in combinations(sorted(group), 2)]
    return out


def run(task: tuple[str, tuple[str, ...]], timeout: float, naive: bool) -> Row:
    from verifier.policy.parse import load_policy

    check, paths = task
    label = " -> ".join(str(Path(p).relative_to(CORPUS)) for p in paths)
    row = _timed(check, paths, label, timeout)
    if naive and check in ("no-new-access", "equiv") and row.verdict != "input error":
        from policy_naive import compare

        from verifier.policy import checks
        from verifier.policy.catalogue import catalogue

        policies = [load_policy(p) for p in paths]
        compare_fn = checks.no_new_access if check == "no-new-access" else checks.equiv
        t0 = time.perf_counter()
        compare_fn(policies[0], policies[1], timeout, crosscheck=False)
        row.solving = time.perf_counter() - t0
        goal = "subset" if check == "no-new-access" else "equiv"
        row.naive = compare(policies[0], policies[1], goal, timeout, lambda a: catalogue().lookup(a) is not None)
    return row


def _timed(check: str, paths: tuple[str, ...], label: str, timeout: float) -> Row:
    """Run one check; wall and CPU seconds are measured around the check alone."""
    from verifier.errors import InputError
    from verifier.policy import checks
    from verifier.policy.parse import action_pattern, load_policy

    t0 = time.perf_counter()
    try:
        policies = [load_policy(p) for p in paths]
    except InputError as error:
        return Row(check, label, "input error", error.message, time.perf_counter() - t0)
    if check == "parse":
        return Row(check, label, "parsed", "", time.perf_counter() - t0)
    t0, c0 = time.perf_counter(), time.process_time()
    if check == "validate":
        results = checks.validate(policies[0], timeout)
        verdict = "no" if any(r.verdict.value == "no" for r in results) else "yes"
        return Row(check, label, verdict, "", time.perf_counter() - t0, time.process_time() - c0)
    if check == "allows":
        result = checks.allows(policies[0], _sample_request(policies[0]))
    elif check == "no-public-access":
        result = checks.no_public_access(policies[0], timeout=timeout)
    elif check == "not-granted":
        result = checks.not_granted(policies[0], tuple(action_pattern(a) for a in NOT_GRANTED), timeout=timeout)
    elif check == "no-new-access":
        result = checks.no_new_access(policies[0], policies[1], timeout)
    else:
        result = checks.equiv(policies[0], policies[1], timeout)
    return Row(check, label, result.verdict.value, result.reason, time.perf_counter() - t0, time.process_time() - c0)


def _sample_request(policy):
    """The first statement's first matching action on its first resource, filled in."""
    from verifier.policy.catalogue import catalogue
    from verifier.policy.ir import Request, Wild

    stmt = policy.statements[0]
    cat = catalogue()
    hits = sorted(cat.matching(stmt.actions[0])) if not stmt.not_action else []
    action = cat.actions[hits[0]] if hits else "s3:GetObject"
    resource = "*"
    if stmt.resources and not stmt.not_resource and not stmt.resources[0].is_any:
        parts = stmt.resources[0].parts
        resource = "".join("example" if isinstance(p, Wild) else (p if isinstance(p, str) else "alice") for p in parts)
    return Request(action, resource)


def _init() -> None:
    from verifier.policy.catalogue import catalogue

    catalogue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--no-naive", action="store_true")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    work = tasks(args.corpus)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs, initializer=_init) as pool:
        rows = list(pool.map(run, work, [args.timeout] * len(work), [not args.no_naive] * len(work), chunksize=4))
    wall = time.perf_counter() - start
    report(rows, wall, args.jobs, not args.no_naive)
    return 0


def report(rows: list[Row], wall: float, jobs: int, naive: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=200)
    parsed = [r for r in rows if r.check == "parse"]
    bad = [r for r in parsed if r.verdict != "parsed"]
    console.print(f"[bold]corpus[/]: {len(parsed)} files, {len(parsed) - len(bad)} parsed, {len(bad)} rejected with a positioned reason")
    for r in bad:
        console.print(f"  {r.target}: {r.reason}")
    table = Table(title="verify policy over the corpus")
    for col in ("check", "inputs", "yes", "no", "unknown", "input error", "median ms", "max ms", "median cpu ms", "max cpu ms", "slowest"):
        table.add_column(col, justify="right" if col not in ("check", "slowest") else "left")
    reasons: Counter = Counter()
    for check in CHECKS:
        mine = [r for r in rows if r.check == check]
        timed = [r for r in mine if r.verdict != "input error"]
        counts = Counter(r.verdict for r in mine)
        times = sorted(r.seconds for r in timed) or [0.0]
        cpu = sorted(r.cpu for r in timed) or [0.0]
        slowest = max(timed, key=lambda r: r.seconds).target if timed else ""
        table.add_row(
            check, str(len(mine)), str(counts["yes"]), str(counts["no"]), str(counts["unknown"]),
            str(counts["input error"]), f"{statistics.median(times) * 1000:.0f}", f"{times[-1] * 1000:.0f}",
            f"{statistics.median(cpu) * 1000:.0f}", f"{cpu[-1] * 1000:.0f}", slowest,
        )
        for r in mine:
            if r.verdict == "unknown":
                reasons[(check, r.reason)] += 1
    console.print(table)
    if reasons:
        unknown = Table(title="unknowns and their reasons")
        unknown.add_column("check")
        unknown.add_column("count", justify="right")
        unknown.add_column("reason")
        for (check, reason), n in sorted(reasons.items()):
            unknown.add_row(check, str(n), reason)
        console.print(unknown)
    checked = [r for r in rows if r.check in CHECKS and r.verdict != "input error"]
    total = sum(r.seconds for r in checked)
    extra = " (including the naive and solving-only runs; --no-naive times verify alone)" if naive else ""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    console.print(f"[bold]whole run[/]: {wall:.1f} s wall on {jobs} worker(s){extra}; {len(checked)} checks, "
                  f"{total:.1f} s in checks; machine load average {load}")
    if naive:
        report_naive(console, rows)


def report_naive(console, rows: list[Row]) -> None:
    from rich.table import Table

    table = Table(title="side by side: verify's encoding vs a naive plain-z3 encoding (same comparisons; "
                        "verify's full time includes the cvc5 re-check and Hypothesis)")
    for col in ("check", "encoding", "yes", "no", "unknown", "median ms", "max ms", "no replayed", "no with a real action"):
        table.add_column(col, justify="left" if col in ("check", "encoding") else "right")
    for check in ("no-new-access", "equiv"):
        mine = [r for r in rows if r.check == check and r.naive is not None]
        if not mine:
            continue
        ours = Counter(r.verdict for r in mine)
        theirs = Counter(r.naive.verdict for r in mine)
        t_ours = sorted(r.seconds for r in mine)
        t_theirs = sorted(r.naive.seconds for r in mine)
        t_solve = sorted(r.solving for r in mine)
        table.add_row(check, "verify", str(ours["yes"]), str(ours["no"]), str(ours["unknown"]),
                      f"{statistics.median(t_ours) * 1000:.0f}", f"{t_ours[-1] * 1000:.0f}", str(ours["no"]), str(ours["no"]))
        table.add_row(check, "verify, solving only", "", "", "",
                      f"{statistics.median(t_solve) * 1000:.0f}", f"{t_solve[-1] * 1000:.0f}", "", "")
        replayed = sum(1 for r in mine if r.naive.verdict == "no" and r.naive.replayed)
        real = sum(1 for r in mine if r.naive.verdict == "no" and r.naive.replayed and r.naive.real_action)
        table.add_row(check, "naive", str(theirs["yes"]), str(theirs["no"]), str(theirs["unknown"]),
                      f"{statistics.median(t_theirs) * 1000:.0f}", f"{t_theirs[-1] * 1000:.0f}", str(replayed), str(real))
        disagree = sum(1 for r in mine if {r.verdict, r.naive.verdict} == {"yes", "no"})
        if disagree:
            console.print(f"[red]{check}: {disagree} yes/no disagreements between the encodings[/]")
    console.print(table)
    naive_reasons = Counter(r.naive.reason.split(":")[0] + (":" + r.naive.reason.split(":")[1] if ":" in r.naive.reason else "")
                            for r in rows if r.naive is not None and r.naive.verdict == "unknown")
    if naive_reasons:
        console.print("naive unknowns: " + ", ".join(f"{n} {reason}" for reason, n in naive_reasons.most_common()))


if __name__ == "__main__":
    sys.exit(main())
