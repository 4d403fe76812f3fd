"""Random CloudFormation templates for the differential fuzzer (kind "templates", language
"policy"): an S3 bucket policy whose statements, effects, principals, actions and conditions
depend on parameters with `AllowedValues` through `Fn::If` over `Fn::Equals`/`Fn::And`/
`Fn::Or`/`Fn::Not` conditions, `AWS::NoValue` (a statement or a condition block dropped),
`Fn::Sub` with `${AWS::AccountId}` and `${Bucket.Arn}`, `Fn::Join` and `Fn::GetAtt`; for some seeds
the policy is copied by an `Fn::ForEach` loop whose identifier (maybe a parameter's name) is a principal.

Ground truth: every combination of the parameters' allowed values (and of the loop's elements)
resolved here into a plain policy (the account 123456789012, the bucket fuzz-bucket) and checked
by `no_public_access` on that concrete document. verify's answer on the template must not be yes
where some deployment is public (no), nor no where every deployment is not public (yes)."""

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


def _statement(rng: random.Random, identifier: str | None = None, elements: tuple[str, ...] = ()) -> dict:
    own = {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}}
    partner = {"AWS": {"Fn::Sub": "arn:aws:iam::${Partner}:root"}}
    if identifier and rng.random() < 0.7:  # the principal is the loop's element (an account, or "*")
        own = _pick(rng, [{"AWS": {"Ref": identifier}}, {"AWS": [{"Ref": identifier}]}]
                    + [{"AWS": {"Fn::Sub": "arn:aws:iam::${%s}:root" % identifier}}] * ("*" not in elements))
        partner = own
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
    """A template of one bucket policy; for some seeds the policy is the body of an `Fn::ForEach` loop
    (`loop_of`) whose identifier, maybe named as a parameter (the loop's own then), is a principal."""
    rng = random.Random(f"templates-{seed}")
    looped = rng.random() < 0.35
    identifier = rng.choice(["Who", "Partner", "Env"]) if looped else None
    elements = rng.choice([("*",), (ACCOUNT,), ("111122223333", "*"), (ACCOUNT, "444455556666")])
    statements = [_statement(rng, identifier, elements) for _ in range(rng.randint(1, 3))]
    policy = {"Type": "AWS::S3::BucketPolicy",
              "Properties": {"Bucket": {"Ref": "Bucket"},
                             "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}}
    template = {"AWSTemplateFormatVersion": "2010-09-09",
                "Parameters": {name: {"Type": "String", "AllowedValues": values, "Default": values[0]}
                               for name, values in PARAMS.items()},
                "Conditions": CONDITIONS,
                "Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": BUCKET}},
                              "BucketPolicy": policy}}
    if looped:
        del template["Resources"]["BucketPolicy"]
        template["Transform"] = "AWS::LanguageExtensions"
        template["Resources"]["Fn::ForEach::Policies"] = [identifier, list(elements),
                                                          {"BucketPolicy&{%s}" % identifier: policy}]
    return template


def loop_of(template: dict) -> tuple[str | None, list[str], dict]:
    """(the loop's identifier, its elements, the policy document), the identifier None without a loop."""
    resources = template["Resources"]
    if "BucketPolicy" in resources:
        return None, [""], resources["BucketPolicy"]["Properties"]["PolicyDocument"]
    identifier, elements, body = resources["Fn::ForEach::Policies"]
    return identifier, elements, next(iter(body.values()))["Properties"]["PolicyDocument"]


class _Drop:
    """`AWS::NoValue`: the property or list item it stands in is left out."""


def resolve(node, values: dict[str, str], element: tuple[str, str] | None = None):
    """The template value `node` under the parameter `values` (the subset `generate_template` writes),
    inside a loop whose identifier is `element[0]` at element `element[1]` if given (the identifier
    hides a parameter of its name there; the template's conditions still read the parameters)."""
    conditions = {name: _condition(c, values) for name, c in CONDITIONS.items()}
    return _resolve(node, {**values, **dict([element])} if element else values, conditions)


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
    identifier, elements, document = loop_of(template)
    truth = Truth()
    rule = rule_for("AWS::S3::BucketPolicy")
    with tempfile.TemporaryDirectory(prefix="fuzz-tpl-") as tmp:
        for *combo, element in itertools.product(*PARAMS.values(), elements):
            values = dict(zip(PARAMS, combo))
            concrete = resolve(document, values, (identifier, element) if identifier else None)
            combo = tuple(combo) + ((element,) if identifier else ())
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
