"""Account snapshot questions (`verify policy can|who-can|external-access|no-new-access --snapshot`).

    python bench/bench_access.py            # the snapshots of bench/snapshots/, expected answers in manifest.json
    python bench/bench_access.py --scale    # a generated snapshot: 5,000 roles, 2,000 resources,
                                            # external-access with --jobs 2 (goal: under 5 minutes)

For each question: the answer, whether it is the expected one, the time, and in
the same run what the single-policy commands say about the same material
(`allows` on each policy alone, `no-public-access` on each resource policy,
`no-new-access` on each policy that changed), to show what the combination
changes. Then per kind of question: answers, wrong answers, median and max time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from verifier.policy import checks  # noqa: E402
from verifier.policy.access.changes import canonical, no_new_access  # noqa: E402
from verifier.policy.access.commands import as_caller  # noqa: E402
from verifier.policy.access.can import can  # noqa: E402
from verifier.policy.access.escalation import escalation  # noqa: E402
from verifier.policy.access.external import external_access  # noqa: E402
from verifier.policy.access.logic import evaluate  # noqa: E402
from verifier.policy.access.snapshot import load_snapshot  # noqa: E402
from verifier.policy.access.who_can import who_can  # noqa: E402
from verifier.policy.ir import Request, RequestPrincipal  # noqa: E402
from verifier.policy.public_rules import inferred_type, rule_for  # noqa: E402
from verifier.result import Verdict, overall_verdict  # noqa: E402

SNAPSHOTS = ROOT / "snapshots"
TIMEOUT = 20.0


def principal(text: str) -> RequestPrincipal:
    if text == "anonymous":
        return RequestPrincipal("Anonymous", "")
    if text.isdigit():
        return RequestPrincipal("AWS", f"arn:aws:iam::{text}:root")
    return RequestPrincipal("AWS", text)


def context(args: list[str]) -> tuple:
    pairs = [a.split("=", 1) for a in args[1::2]] if args else []
    return tuple((k, (v,)) for k, v in pairs)


def ask(entry: dict) -> tuple[str, str, float]:
    """(our answer, what the single-policy commands say, seconds) for one manifest question."""
    path = str(SNAPSHOTS / entry["snapshot"])
    kind, *args = entry["ask"]
    t0 = time.perf_counter()
    snap = load_snapshot(path)
    if kind == "can":
        req = Request(args[1], args[2], as_caller(snap, principal(args[0])), context(args[3:]))
        results = [can(snap, req)]
        single = _single_can(snap, req)
    elif kind == "who-can":
        results = who_can(snap, args[0], args[1], TIMEOUT)
        single = _single_who_can(snap, args[0], args[1], results)
    elif kind == "external-access":
        results = external_access(snap, args[0], TIMEOUT)
        single = _single_public(snap)
    elif kind == "escalation":
        results = escalation(snap, TIMEOUT, start=args[0])
        single = "-"
    else:
        new = load_snapshot(str(SNAPSHOTS / args[0]))
        results = no_new_access(snap, new, TIMEOUT)
        single = _single_changes(snap, new)
    elapsed = time.perf_counter() - t0
    return overall_verdict(results).value, single, elapsed


def _single_can(snap, req: Request) -> str:
    """`allows` on each policy that took part, alone: yes if one of them allows the request."""
    d = evaluate(snap, req)
    alone = [checks.allows(c.policy, d.request).verdict for c in d.consulted if c.role in ("identity", "resource")]
    return "yes" if Verdict.YES in alone else "no"


def _single_who_can(snap, action: str, resource: str, results) -> str:
    """How many identities one of their own policies alone allows, against how many can."""
    alone = 0
    for ident in snap.identities.values():
        req = Request(action, resource, ident.caller())
        if any(checks.allows(p, req).verdict == Verdict.YES for p in ident.policies):
            alone += 1
    can_count = sum(r.verdict == Verdict.NO for r in results if r.target.startswith("arn:"))
    return f"{alone} allowed by their own policy (vs {can_count} can)"


def _single_public(snap) -> str:
    """`no-public-access` on each resource policy: no if one is public."""
    verdicts = [checks.no_public_access(r.policy, r.account, TIMEOUT, rule_for(inferred_type(r.policy))).verdict
                for r in snap.resources.values() if r.policy is not None]
    return overall_verdict_text(verdicts)


def _single_changes(old, new) -> str:
    """`no-new-access` on each policy present in both snapshots that changed (by what it is)."""
    def by_label(snap):
        out = {}
        for ident in snap.identities.values():
            for p in (*ident.policies, ident.boundary):
                if p is not None:
                    out[snap.label(p)] = p
        for r in snap.resources.values():
            if r.policy is not None:
                out[snap.label(r.policy)] = r.policy
        if snap.organization:
            for levels in snap.organization.paths.values():
                for n in levels:
                    for p in (*n.scps, *n.rcps):
                        out[f"{n.name}: {snap.label(p)}"] = p
        return out
    a, b = by_label(old), by_label(new)
    verdicts = [checks.no_new_access(a[k], b[k], TIMEOUT).verdict for k in sorted(set(a) & set(b))
                if canonical(a[k]) != canonical(b[k])]
    return overall_verdict_text(verdicts) + f" ({len(verdicts)} changed policies compared)"


def overall_verdict_text(verdicts) -> str:
    if Verdict.NO in verdicts:
        return "no"
    return "unknown" if Verdict.UNKNOWN in verdicts else "yes"


def run_manifest() -> int:
    manifest = json.loads((SNAPSHOTS / "manifest.json").read_text())
    rows, by_kind = [], {}
    for entry in manifest["questions"]:
        answer, single, seconds = ask(entry)
        wrong = answer != entry["expect"]
        kind = entry["ask"][0]
        by_kind.setdefault(kind, []).append((answer, wrong, seconds))
        rows.append((entry["snapshot"], " ".join(entry["ask"][:2])[:60], entry["expect"], answer, "WRONG" if wrong else "ok",
                     f"{seconds:.2f}", single))
    widths = [max(len(str(r[i])) for r in rows) for i in range(6)]
    print(f"{'snapshot':<{widths[0]}}  {'question':<{widths[1]}}  expect  got      ok     s      single-policy commands")
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<6}  {r[3]:<7}  {r[4]:<5}  {r[5]:>5}  {r[6]}")
    print()
    print(f"{'question':<16} {'answers':>8} {'yes':>4} {'no':>4} {'unk':>4} {'wrong':>6} {'median s':>9} {'max s':>7}")
    total_wrong = 0
    for kind, items in by_kind.items():
        answers = [a for a, _, _ in items]
        times = [t for _, _, t in items]
        wrong = sum(w for _, w, _ in items)
        total_wrong += wrong
        print(f"{kind:<16} {len(items):>8} {answers.count('yes'):>4} {answers.count('no'):>4} {answers.count('unknown'):>4} "
              f"{wrong:>6} {statistics.median(times):>9.2f} {max(times):>7.2f}")
    differs = sum(1 for r in rows if r[6].split(" ")[0] in ("yes", "no", "unknown") and r[6].split(" ")[0] != r[3])
    print(f"\n{len(rows)} questions on {len({r[0] for r in rows})} snapshots; wrong answers: {total_wrong}; "
          f"the single-policy commands answer differently on {differs} of the yes/no questions")
    return 1 if total_wrong else 0


# ---- scale ---------------------------------------------------------------------------------------------

ACCOUNT = "111122223333"
PARTNER = "999988887777"


def generate(folder: Path, roles: int = 5000, resources: int = 2000, seed: int = 7) -> int:
    """Write a snapshot of `roles` roles and `resources` resource policies; the number that are reachable
    from outside the account, by construction."""
    rng = random.Random(seed)
    reachable = 0
    role_list = []
    for i in range(roles):
        kind = rng.random()
        if kind < 0.02:
            principal_ = {"AWS": f"arn:aws:iam::{PARTNER}:root"}
            reachable += 1
        elif kind < 0.5:
            principal_ = {"Service": rng.choice(["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"])}
        else:
            principal_ = {"AWS": f"arn:aws:iam::{ACCOUNT}:role/role-{rng.randrange(roles)}"}
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal_, "Action": "sts:AssumeRole"}]}
        inline = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "sqs:SendMessage"],
                                                           "Resource": f"arn:aws:s3:::bucket-{rng.randrange(resources)}/*"}]}
        role_list.append({"Path": "/", "RoleName": f"role-{i}", "Arn": f"arn:aws:iam::{ACCOUNT}:role/role-{i}",
                          "AssumeRolePolicyDocument": trust, "RolePolicyList": [{"PolicyName": "work", "PolicyDocument": inline}],
                          "AttachedManagedPolicies": [], "Tags": []})
    account = folder / "accounts" / ACCOUNT
    (account / "resources").mkdir(parents=True)
    (account / "iam.json").write_text(json.dumps({"UserDetailList": [], "GroupDetailList": [], "Policies": [],
                                                  "RoleDetailList": role_list}))
    items = []
    for i in range(resources):
        arn = f"arn:aws:s3:::bucket-{i}"
        kind = rng.random()
        statements = [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/role-{rng.randrange(roles)}"},
                       "Action": "s3:GetObject", "Resource": f"{arn}/*"}]
        if kind < 0.03:
            statements.append({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{arn}/*"})
            reachable += 1
        elif kind < 0.06:
            statements.append({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{arn}/*",
                               "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}})
        elif kind < 0.09:
            statements.append({"Effect": "Allow", "Principal": {"AWS": PARTNER}, "Action": "s3:ListBucket", "Resource": arn,
                               "Condition": {"Bool": {"aws:SecureTransport": "true"}}})
            reachable += 1
        items.append({"Arn": arn, "Policy": {"Version": "2012-10-17", "Statement": statements}})
    (account / "resources" / "buckets.json").write_text(json.dumps(items))
    return reachable


def run_scale(jobs: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        expected = generate(Path(tmp))
        t1 = time.perf_counter()
        snap = load_snapshot(tmp)
        t2 = time.perf_counter()
        results = external_access(snap, "account", TIMEOUT, jobs=jobs)
        t3 = time.perf_counter()
    counts = {v: sum(r.verdict == v for r in results) for v in Verdict}
    solver = [r.time_s for r in results if r.engine != "schema"]
    print(f"generated {len(snap.identities)} roles and {len(snap.resources) - len(snap.identities)} bucket policies "
          f"in {t1 - t0:.1f} s; read in {t2 - t1:.1f} s")
    print(f"external-access --jobs {jobs}: {len(results)} resources in {t3 - t2:.1f} s: {counts[Verdict.NO]} reachable "
          f"(expected {expected}), {counts[Verdict.YES]} not, {counts[Verdict.UNKNOWN]} unknown; "
          f"{len(solver)} needed the solver (median {statistics.median(solver) if solver else 0:.3f} s, "
          f"max {max(solver) if solver else 0:.3f} s); total {t3 - t0:.1f} s (goal: under 300 s)")
    return 0 if counts[Verdict.NO] == expected and not counts[Verdict.UNKNOWN] else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", action="store_true", help="the generated 5,000-role snapshot instead of the manifest")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    return run_scale(args.jobs) if args.scale else run_manifest()


if __name__ == "__main__":
    sys.exit(main())
