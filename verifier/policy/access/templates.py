"""Resource policies from CloudFormation and Terraform templates in a snapshot (`accounts/<ACCOUNT>/templates/`).

Read through verifier/policy/templates/ (`load_template`). A template's resource
policy (S3 bucket, SQS queue, SNS topic, ... policies; not identity policies or
role trust policies, whose attachments a snapshot takes from IAM's
authorization details) joins the snapshot when the resource it governs is named
literally: every statement's Resource is that one ARN (a bucket: the bucket or
its objects) and no value is left to deployment. Any other is kept as
`Unplaced`: the questions that could read it answer unknown, naming it and its
line, rather than ignore it -- and so is a policy the template readers do not
read (a resource type they do not list, a nested stack or module they cannot
open).
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.policy.access.model import Resource, kind_of
from verifier.policy.ir import Policy
from verifier.policy.templates.symbols import PREFIX
from verifier.policy.templates.terraform import MODULE_TYPE
from verifier.policy.templates.unlisted import UNREAD_TYPE

#: resource types whose policy is a resource policy (CloudFormation's names, as templates/ maps Terraform's)
RESOURCE_POLICY_TYPES = frozenset({
    "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::KMS::Key",
    "AWS::SecretsManager::ResourcePolicy", "AWS::Lambda::Permission", "AWS::ECR::Repository",
    "AWS::Events::EventBusPolicy", "AWS::Events::EventBus", "AWS::Logs::ResourcePolicy",
})
#: what templates/ reports for a resource policy it does not read, and for a module it does not read
NOT_READ = frozenset({UNREAD_TYPE, MODULE_TYPE})


@dataclass(frozen=True)
class Unplaced:
    """A template policy the snapshot could not attach to a resource, and why."""

    path: str
    line: int
    column: int
    label: str
    reason: str
    account: str


def template_resources(folder: str, account: str, labels: dict) -> tuple[list[Resource], list[Unplaced]]:
    """The resource policies of the templates in `folder` (a directory of templates or one Terraform module)."""
    from verifier.policy.templates import load_template

    placed: list[Resource] = []
    unplaced: list[Unplaced] = []
    for found in load_template(folder):
        if found.resource_type not in RESOURCE_POLICY_TYPES | NOT_READ:
            continue
        p = found.policy
        why = found.unsupported or ("a principal holds a template value" if found.stand_ins else "") or (
            "a value could hold a wildcard" if found.readings else "")
        arn = None if why else governed_arn(p)
        if arn is None:
            unplaced.append(Unplaced(p.path, p.line, p.column, found.label,
                                     why or "the resource it governs is not named literally in its Resource elements",
                                     account))
            continue
        labels[(p.path, p.line, p.column)] = f"{found.label} in {p.path}"
        placed.append(Resource(arn, account, p, kind_of(arn)))
    return placed, unplaced


def governed_arn(policy: Policy) -> str | None:
    """The one ARN every statement's Resource names (a bucket's objects count as the bucket), if any."""
    if any(v.key.startswith(PREFIX) for s in policy.statements for c in s.conditions for v in _variables(c.values)):
        return None
    arns = set()
    for s in policy.statements:
        if s.resources is None or s.not_resource:
            return None
        for r in s.resources:
            text = r.text
            if r.variables or not text.startswith("arn:"):
                return None
            if text.startswith("arn:aws:s3:::") and text.endswith("/*"):
                text = text[:-2]
            if "*" in text or "?" in text or (text.startswith("arn:aws:s3:::") and "/" in text):
                return None
            arns.add(text)
    return arns.pop() if len(arns) == 1 else None


def _variables(values: tuple) -> list:
    return [v for x in values for v in getattr(x, "variables", ())]
