"""Random IAM identity policies for the differential fuzzer (kind "policies"): a policy drawn
from a small vocabulary (action and resource wildcards, NotAction/NotResource, Deny
statements, string/numeric/bool conditions with IfExists and negated operators) and a second
one, mostly the first changed a little (statements reordered or split: equal; dropped,
narrowed, a Deny added: narrower), then `verify`'s `no_new_access(a, b)` and `equiv(a, b)`
(the SMT engine).

Ground truth: the concrete evaluator (`policy.evaluator.decide`) on every request of a finite
universe built from the same vocabulary (documented actions, resources in their ARN formats,
each condition key absent or at each of its values). A yes contradicted by one of them is a
wrong yes; a no comes with a request the engine already replayed through the evaluator, so
only yes answers are judged. The universe is a subset of what the engine quantifies over
(`witness.fits_format`), so it cannot make a right yes look wrong."""

from __future__ import annotations

import itertools
import json
import random

from verifier.policy import checks
from verifier.policy.catalogue import catalogue
from verifier.policy.evaluator import decide
from verifier.policy.ir import Request
from verifier.policy.parse import parse_policy
from verifier.policy.witness import fits_format
from verifier.result import Verdict

from .compare import Case
from .outcome import Run, Truth

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "s3:?etObject", "s3:PutObject", "s3:List*", "s3:ListBucket",
           "ec2:RunInstances", "*", "s3:*Object"]
RESOURCES = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:s3:::b/x?", "arn:aws:s3:::*/x", "arn:aws:s3:::b*",
             "arn:aws:s3:::b/${aws:username}", "arn:aws:ec2:*:*:instance/*"]
#: condition key -> (operators, values written in policies, values requests carry)
KEYS = {"k:str": (["StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase"],
                  ["a", "a*", "b?", "A"], ["a", "ab", "bc", "A", "b"]),
        "k:num": (["NumericEquals", "NumericLessThan", "NumericGreaterThanEquals", "NumericNotEquals"],
                  ["1", "2.5", "-3"], ["1", "2.5", "3", "-3", "0"]),
        "k:bool": (["Bool"], ["true", "false"], ["true", "false"])}
#: the concrete requests' actions and resources (those outside an action's ARN formats are dropped)
REQUEST_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetObjectAcl", "s3:ListAllMyBuckets",
                   "ec2:RunInstances", "s3:DeleteObject"]
REQUEST_RESOURCES = ["arn:aws:s3:::b/x1", "arn:aws:s3:::b/x", "arn:aws:s3:::c/x", "arn:aws:s3:::by/q",
                     "arn:aws:s3:::b/u1", "arn:aws:s3:::b", "arn:aws:s3:::by", "arn:aws:s3:::c", "*",
                     "arn:aws:ec2:us-east-1:111122223333:instance/i-1"]


def statement(rng: random.Random) -> dict:
    s: dict = {"Effect": rng.choice(["Allow", "Allow", "Deny"])}
    s["NotAction" if rng.random() < 0.15 else "Action"] = rng.sample(ACTIONS, rng.randint(1, 2))
    s["NotResource" if rng.random() < 0.15 else "Resource"] = rng.sample(RESOURCES, rng.randint(1, 2))
    block: dict = {}
    for key in rng.sample(sorted(KEYS), rng.choice([0, 0, 1, 2])):
        ops, values, _ = KEYS[key]
        op = rng.choice(ops) + rng.choice(["", "", "IfExists"])
        block.setdefault(op, {})[key] = rng.sample(values, rng.randint(1, 2))
    if block:
        s["Condition"] = block
    return s


def statements(rng: random.Random) -> list[dict]:
    return [statement(rng) for _ in range(rng.randint(1, 3))]


def mutated(rng: random.Random, original: list[dict]) -> list[dict]:
    """`original` changed a little (often to an equal or a narrower policy, where the yes answers are)."""
    out = [dict(s) for s in original]
    how = rng.choice(["reorder", "split", "drop", "deny", "narrow", "ifexists", "same", "redraw"])
    if how == "reorder":
        rng.shuffle(out)
    elif how == "split":  # one statement per action: the same policy
        s = rng.choice(out)
        field = "Action" if "Action" in s else "NotAction"
        if field == "Action" and len(s[field]) > 1:
            out.remove(s)
            out += [{**s, field: [a]} for a in s[field]]
    elif how == "drop" and len(out) > 1:
        out.remove(rng.choice(out))
    elif how == "deny":
        out.append({**statement(rng), "Effect": "Deny"})
    elif how == "narrow":
        s = rng.choice(out)
        field = "Action" if "Action" in s else "NotAction"
        s[field] = [rng.choice(["s3:GetObject", "s3:ListBucket", "ec2:RunInstances"])]
    elif how == "ifexists":
        s = rng.choice(out)
        if "Condition" in s:
            s["Condition"] = {op if op.endswith("IfExists") else op + "IfExists": block
                              for op, block in s["Condition"].items()}
    elif how == "redraw":
        out[rng.randrange(len(out))] = statement(rng)
    return out


def document(body: list[dict]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": body}, indent=1)


def universe() -> list[Request]:
    """Every request of the finite universe (documented action, resource in its formats, each
    condition key and aws:username absent or at each of its request values)."""
    cat = catalogue()
    keys = {**{k: v[2] for k, v in KEYS.items()}, "aws:username": ["u1", "x"]}
    contexts = [tuple((k, (v,)) for k, v in zip(keys, values) if v is not None)
                for values in itertools.product(*([None, *vs] for vs in keys.values()))]
    return [Request(action, resource, None, context) for action in REQUEST_ACTIONS for resource in REQUEST_RESOURCES
            if fits_format(Request(action, resource), cat) for context in contexts]


def run_policy_case(seed: int, timeout: float = 6.0, requests: list[Request] | None = None) -> Case:
    """Draw the pair of `seed`, ask verify, and judge every yes on the universe (`requests`
    given: that universe, computed once)."""
    rng = random.Random(f"policies-{seed}")
    first = statements(rng)
    a_text, b_text = document(first), document(mutated(rng, first) if rng.random() < 0.7 else statements(rng))
    a, b = parse_policy(a_text, "a.json"), parse_policy(b_text, "b.json")
    requests = universe() if requests is None else requests
    case = Case(seed, "policy", "policies", a_text + "\n---- b\n" + b_text)
    case.results = [checks.no_new_access(a, b, timeout=timeout), checks.equiv(a, b, timeout=timeout)]
    allowed = [(decide(a, r).allowed, decide(b, r).allowed) for r in requests]
    case.truth = Truth([Run((i,), "failed" if in_a != in_b else "ok", "policy-equiv")
                        for i, (in_a, in_b) in enumerate(allowed)])
    for result, holds in zip(case.results, (lambda in_a, in_b: in_b and not in_a, lambda in_a, in_b: in_a != in_b)):
        witness = next((r for r, pair in zip(requests, allowed) if holds(*pair)), None)
        if result.verdict is Verdict.YES and witness is not None:
            case.wrong.append(f"wrong yes: {result.check}; the evaluator says otherwise on {witness.to_json()}")
    return case
