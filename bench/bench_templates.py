"""no-public-access on every policy of the template corpus, against the answers it records.

    python bench/bench_templates.py [--corpus bench/templates] [--timeout 10] [--no-naive]

The corpus (bench/templates) holds CloudFormation templates (YAML with short-form
tags, JSON) and Terraform modules written for this benchmark, and manifest.json:
one entry per policy (template, the label `verify` gives it, the resource type it
is checked as, whether it is public and why). Prints (rich), per resource type:
verdicts, wrong answers, policies missed or found beyond the manifest, median and
max wall time of one check in process (including its z3/cvc5/Hypothesis re-checks) and
its CPU time (a template's CPU time over its policies, so other load on the machine does not
count); per
template: the time to read it (parse, find and vet its policies). Side by side: the
naive syntactic rule many linters use ("an Allow whose Principal is * with no
Condition is public"), on the same policies. A plain-z3 peer does not apply here:
it has no notion of public (bench/policy_bench.py compares it on comparisons).
Exit status 1 when an answer is wrong or a policy is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "bench" / "templates"


@dataclass
class Row:
    """One policy's answer against the manifest."""

    template: str
    policy: str
    resource_type: str
    expected: str  # yes (not public) / no (public) / unknown (not decidable from the template) / absent
    verdict: str  # yes, no, unknown, missing
    reason: str
    seconds: float
    cpu: float  # CPU seconds of the template's checks, per policy
    naive: str = ""


def target(corpus: Path, template: str) -> Path:
    """What `verify` is given: the file, or a Terraform module's directory."""
    path = corpus / template
    return path.parent if path.suffix == ".tf" else path


def naive_public(policy) -> bool:
    """The syntactic rule: some Allow statement names Principal "*" (or AWS "*") and has no Condition."""
    return any(
        s.effect == "Allow" and not s.not_principal and not s.conditions
        and any(p.value == "*" for p in s.principals or ())
        for s in policy.statements
    )


def run(corpus: Path, timeout: float, naive: bool) -> tuple[list[Row], dict[str, float]]:
    from verifier.errors import InputError
    from verifier.policy.catalogue import catalogue
    from verifier.policy.templates import answer_template, load_template

    manifest = json.loads((corpus / "manifest.json").read_text())
    expected = {(e["template"], e["policy"]): e for e in manifest}
    templates = sorted({e["template"] for e in manifest})
    catalogue()  # loaded once per process, outside every timing, and so are the readers' imports:
    for first in {Path(t).suffix: t for t in templates}.values():
        load_template(str(target(corpus, first)))
    rows: list[Row] = []
    read: dict[str, float] = {}
    for template in templates:
        path = str(target(corpus, template))
        t0 = time.perf_counter()
        try:
            found = load_template(path)
        except InputError as error:  # a template verify cannot read: every policy of it is missed
            found = []
            rows.append(Row(template, "", "", "", "input error", error.message, 0.0, 0.0))
        read[template] = time.perf_counter() - t0
        syntactic = {f.label: naive_public(f.policy) for f in found} if naive else {}
        c0 = time.process_time()
        results, error = answer_template(path, "no-public-access", {"timeout": timeout})
        cpu = (time.process_time() - c0) / max(1, len(results))
        if error is not None:
            if found:
                rows.append(Row(template, "", "", "", "input error", error.message, 0.0, 0.0))
            results = []
        seen = set()
        for r in results:
            label = r.target.split(": ", 1)[-1]
            seen.add(label)
            entry = expected.get((template, label))
            want = _want(entry) if entry else "absent"
            kind = entry["resource_type"] if entry else "?"
            guess = ("no" if syntactic.get(label) else "yes") if naive else ""
            rows.append(Row(template, label, kind, want, r.verdict.value, r.reason or "", r.time_s, cpu, guess))
        for (t, label), entry in expected.items():
            if t == template and label not in seen:
                rows.append(Row(template, label, entry["resource_type"], _want(entry),
                                "missing", "not found in the template", 0.0, 0.0))
    return rows, read


def report(rows: list[Row], read: dict[str, float], naive: bool) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(width=200)
    table = Table(title="no-public-access over the template corpus, per resource type")
    columns = ["resource type", "policies", "yes", "no", "unknown", "wrong", "missed", "extra", "median ms", "max ms", "median cpu ms"]
    if naive:
        columns += ["naive wrong"]
    for col in columns:
        table.add_column(col, justify="left" if col == "resource type" else "right")
    by_type: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_type[r.resource_type].append(r)
    for kind, mine in sorted(by_type.items()):
        answered = [r for r in mine if r.verdict in ("yes", "no", "unknown")]
        times = sorted(r.seconds for r in answered) or [0.0]
        cells = [
            kind, str(len(mine)),
            *(str(sum(r.verdict == v for r in mine)) for v in ("yes", "no", "unknown")),
            str(sum(_wrong(r) for r in mine)), str(sum(r.verdict == "missing" for r in mine)),
            str(sum(r.expected == "absent" for r in mine)),
            f"{statistics.median(times) * 1000:.0f}", f"{times[-1] * 1000:.0f}",
            f"{statistics.median([r.cpu for r in answered] or [0.0]) * 1000:.0f}",
        ]
        if naive:
            cells.append(str(sum(r.naive != r.expected for r in answered if r.expected in ("yes", "no"))))
        table.add_row(*cells)
    console.print(table)
    reads = Table(title="time to read each template (parse, find and vet its policies)")
    for col in ("template", "policies", "read ms"):
        reads.add_column(col, justify="left" if col == "template" else "right")
    count = defaultdict(int)
    for r in rows:
        count[r.template] += 1
    for template, seconds in sorted(read.items()):
        reads.add_row(template, str(count[template]), f"{seconds * 1000:.1f}")
    console.print(reads)
    bad = [r for r in rows if _wrong(r) or r.verdict in ("missing", "input error") or r.expected == "absent"]
    for r in bad:
        console.print(f"[red]{escape(r.template)}: {escape(r.policy)}: expected {r.expected}, got {r.verdict}[/] {escape(r.reason)}")
    for r in rows:
        if r.verdict == "unknown":
            console.print(f"unknown: {escape(r.template)}: {escape(r.policy)}: {escape(r.reason)}")
    answered = sorted(r.seconds for r in rows if r.verdict in ("yes", "no", "unknown")) or [0.0]
    cpu = [r.cpu for r in rows if r.verdict in ("yes", "no", "unknown")] or [0.0]
    summary = (f"[bold]corpus[/]: {len(read)} templates, {len(rows)} policies; {sum(_wrong(r) for r in rows)} wrong, "
               f"{sum(r.verdict == 'missing' for r in rows)} missed; median check {statistics.median(answered) * 1000:.0f} ms "
               f"in process ({statistics.median(cpu) * 1000:.0f} ms CPU); median read {statistics.median(sorted(read.values())) * 1000:.1f} ms")
    summary += f"; machine load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    if naive:
        summary += f"; naive rule wrong on {sum(r.naive != r.expected for r in rows if r.naive and r.expected in ('yes', 'no'))}"
    console.print(summary)
    return 1 if bad else 0


def _want(entry: dict) -> str:
    """The expected verdict of a manifest entry: `public` true is no, false yes, null (what the
    template does not say, e.g. a nested stack's template) unknown."""
    return "unknown" if entry["public"] is None else "no" if entry["public"] else "yes"


def _wrong(r: Row) -> bool:
    """A yes where the manifest says no, or the reverse, or any yes or no where the template cannot
    tell (unknown is not wrong, only incomplete)."""
    return r.verdict in ("yes", "no") and r.expected in ("yes", "no", "unknown") and r.verdict != r.expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--no-naive", action="store_true")
    args = parser.parse_args()
    if not (args.corpus / "manifest.json").is_file():
        print(f"no manifest.json in {args.corpus}", file=sys.stderr)
        return 2
    rows, read = run(args.corpus, args.timeout, not args.no_naive)
    return report(rows, read, not args.no_naive)


if __name__ == "__main__":
    sys.exit(main())
