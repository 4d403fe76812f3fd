"""Random CloudFormation templates for the differential fuzzer (kind "templates", language
"policy"): an S3 bucket policy whose statements, effects, principals, actions and conditions
depend on parameters with `AllowedValues` through `Fn::If` over `Fn::Equals`/`Fn::And`/
`Fn::Or`/`Fn::Not` conditions, `AWS::NoValue` (a statement or a condition block dropped),
`Fn::Sub` with `${AWS::AccountId}` and `${Bucket.Arn}`, `Fn::Join` and `Fn::GetAtt`.

Ground truth: every combination of the parameters' allowed values resolved here into a plain
policy (the account 123456789012, the bucket fuzz-bucket) and checked by `no_public_access` on
that concrete document. verify's answer on the template must not be yes where some deployment
is public (no), nor no where every deployment is not public (yes)."""

from __future__ import annotations

import itertools
import json
import random
import tempfile
from pathlib import Path

from verifier.result import Verdict

from .compare import Case
from .outcome import Run, Truth

ACCOUNT, BUCKET = "123456789012", "fuzz-bucket"
PARAMS = {"Env": ["dev", "prod"], "Open": ["yes", "no"], "Partner": ["111122223333", "444455556666"]}
CONDITIONS = {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}, "IsOpen": {"Fn::Equals": ["yes", {"Ref": "Open"}]},
              "OpenProd": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsOpen"}]},
              "OpenOrDev": {"Fn::Or": [{"Condition": "IsOpen"}, {"Fn::Not": [{"Condition": "IsProd"}]}]},
              "Closed": {"Fn::Not": [{"Condition": "IsOpen"}]}}
NO_VALUE = {"Ref": "AWS::NoValue"}


def _pick(rng: random.Random, options: list):
    return rng.choice(options)


def _if(rng: random.Random, a, b):
    return {"Fn::If": [rng.choice(list(CONDITIONS)), a, b]}


def _statement(rng: random.Random) -> dict:
    own = {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}}
    partner = {"AWS": {"Fn::Sub": "arn:aws:iam::${Partner}:root"}}
    principal = _pick(rng, ["*", {"AWS": "*"}, own, partner, {"Service": "cloudtrail.amazonaws.com"},
                            _if(rng, "*", own),
                            {"AWS": _if(rng, "*", {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"})},
                            _if(rng, partner, {"AWS": "*"}),
                            {"AWS": [{"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}, _if(rng, "*", NO_VALUE)]},
                            {"AWS": [_if(rng, {"Fn::Sub": "arn:aws:iam::${Partner}:root"}, NO_VALUE),
                                     {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:user/ci"}]}])
    resource = _pick(rng, [{"Fn::Sub": "${Bucket.Arn}/*"},
                           {"Fn::Join": ["", [{"Fn::GetAtt": ["Bucket", "Arn"]}, "/*"]]},
                           {"Fn::GetAtt": ["Bucket", "Arn"]},
                           [{"Fn::GetAtt": ["Bucket", "Arn"]}, {"Fn::Sub": "${Bucket.Arn}/*"}]])
    statement = {"Effect": _pick(rng, ["Allow", "Allow", "Deny", _if(rng, "Allow", "Deny")]),
                 "Principal": principal,
                 "Action": _pick(rng, ["s3:GetObject", "s3:*", ["s3:GetObject", "s3:PutObject"],
                                       _if(rng, "s3:GetObject", "s3:ListBucket"),
                                       ["s3:ListBucket", _if(rng, "s3:GetObject", NO_VALUE)]]),
                 "Resource": resource}
    condition = _pick(rng, [None, None, {"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}},
                            {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
                            {"StringEquals": {"aws:PrincipalAccount": {"Ref": "Partner"}}},
                            {"Bool": {"aws:SecureTransport": _if(rng, "false", "true")}},
                            _if(rng, {"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}}, NO_VALUE),
                            {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d",
                                              "aws:PrincipalAccount": _if(rng, {"Ref": "Partner"}, NO_VALUE)}},
                            {"ArnLike": {"aws:PrincipalArn": {"Fn::Sub": "arn:aws:iam::${Partner}:role/*"}}}])
    if condition is not None:
        statement["Condition"] = condition
    return _if(rng, statement, NO_VALUE) if rng.random() < 0.3 else statement


def generate_template(seed: int) -> dict:
    rng = random.Random(f"templates-{seed}")
    statements = [_statement(rng) for _ in range(rng.randint(1, 3))]
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Parameters": {name: {"Type": "String", "AllowedValues": values, "Default": values[0]}
                           for name, values in PARAMS.items()},
            "Conditions": CONDITIONS,
            "Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": BUCKET}},
                          "BucketPolicy": {"Type": "AWS::S3::BucketPolicy",
                                           "Properties": {"Bucket": {"Ref": "Bucket"},
                                                          "PolicyDocument": {"Version": "2012-10-17",
                                                                             "Statement": statements}}}}}


class _Drop:
    """`AWS::NoValue`: the property or list item it stands in is left out."""


def resolve(node, values: dict[str, str]):
    """The template value `node` under the parameter `values` (the subset `generate_template` writes)."""
    conditions = {name: _condition(c, values) for name, c in CONDITIONS.items()}
    return _resolve(node, values, conditions)


def _condition(c, values: dict[str, str]) -> bool:
    (op, args), = c.items()
    if op == "Condition":
        return _condition(CONDITIONS[args], values)
    if op == "Fn::Equals":
        a, b = (_resolve(x, values, {}) for x in args)
        return a == b
    if op == "Fn::And":
        return all(_condition(x, values) for x in args)
    if op == "Fn::Or":
        return any(_condition(x, values) for x in args)
    return not _condition(args[0], values)


def _sub(text: str, values: dict[str, str]) -> str:
    names = {"AWS::AccountId": ACCOUNT, "Bucket.Arn": f"arn:aws:s3:::{BUCKET}", **values}
    for name, value in names.items():
        text = text.replace("${" + name + "}", value)
    return text


def _resolve(node, values: dict[str, str], conditions: dict[str, bool]):
    if isinstance(node, list):
        items = [_resolve(x, values, conditions) for x in node]
        return [x for x in items if not isinstance(x, _Drop)]
    if not isinstance(node, dict):
        return node
    if len(node) == 1:
        (key, arg), = node.items()
        if key == "Ref":
            return _Drop() if arg == "AWS::NoValue" else BUCKET if arg == "Bucket" else values.get(arg, arg)
        if key == "Fn::If":
            return _resolve(arg[1] if conditions[arg[0]] else arg[2], values, conditions)
        if key == "Fn::Sub":
            return _sub(arg, values)
        if key == "Fn::GetAtt":
            return f"arn:aws:s3:::{BUCKET}"
        if key == "Fn::Join":
            return arg[0].join(_resolve(x, values, conditions) for x in arg[1])
    out = {k: _resolve(v, values, conditions) for k, v in node.items()}
    return {k: v for k, v in out.items() if not isinstance(v, _Drop)}


def run_template_case(seed: int, timeout: float = 10.0) -> Case:
    from verifier.policy import checks
    from verifier.policy.parse import load_policy
    from verifier.policy.public_rules import rule_for
    from verifier.policy.templates import answer_template

    template = generate_template(seed)
    case = Case(seed, "policy", "templates", json.dumps(template, indent=1))
    document = template["Resources"]["BucketPolicy"]["Properties"]["PolicyDocument"]
    truth = Truth()
    rule = rule_for("AWS::S3::BucketPolicy")
    with tempfile.TemporaryDirectory(prefix="fuzz-tpl-") as tmp:
        for combo in itertools.product(*PARAMS.values()):
            values = dict(zip(PARAMS, combo))
            concrete = resolve(document, values)
            path = Path(tmp, "policy.json")
            path.write_text(json.dumps(concrete))
            if not concrete.get("Statement"):
                truth.runs.append(Run(combo, "ok", detail="no statement"))
                continue
            r = checks.no_public_access(load_policy(str(path)), ACCOUNT, timeout, rule, False)
            ending = {Verdict.YES: "ok", Verdict.NO: "failed"}.get(r.verdict, "undetermined")
            truth.runs.append(Run(combo, ending, "public", 0, f"{json.dumps(concrete)}: {r.reason or r.message}"))
        path = Path(tmp, "template.json")
        path.write_text(case.text)
        case.results, _ = answer_template(str(path), "no-public-access",
                                          {"timeout": timeout, "account": None, "resource_type": None,
                                           "raw_arns": False})
    case.truth = truth
    public = next((r for r in truth.runs if r.ending == "failed"), None)
    for r in case.results:
        if r.verdict is Verdict.YES and public is not None:
            case.wrong.append(f"wrong yes: no-public-access; public where {public.inputs}: {public.detail}")
        if r.verdict is Verdict.NO and truth.complete() and public is None:
            case.wrong.append(f"wrong no: no-public-access; no deployment is public ({r.message})")
    return case
