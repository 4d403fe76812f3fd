"""What "public" means for each resource type, as the cloud service documents it.

Every rule starts from Amazon S3 Block Public Access's definition (public.py):
a grant is public unless it is limited to fixed values of a principal or of a
restricting condition key. A resource type adds the keys its service documents
as limiting who can call (`extra_keys`), and a role's trust policy adds web
identities: whoever holds a token from an OpenID Connect provider the policy
names is an outsider unless the provider's claims are pinned to fixed values.
Each rule cites its sources (`Citation`), pinned as of a date: a change here is deliberate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verifier.policy.ir import Policy
from verifier.policy.public import DEFINITION_DATE, DEFINITION_URL, RESTRICTING


@dataclass(frozen=True)
class Citation:
    """A documentation page a rule follows."""

    title: str
    url: str
    date: str

    def __str__(self) -> str:
        return f"{self.title} ({self.url}, as of {self.date})"


S3_RULE = Citation(
    'Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage", section "The meaning of public"',
    DEFINITION_URL,
    DEFINITION_DATE,
)
KMS_RULE = Citation(
    'AWS Config Developer Guide, "kms-key-policy-no-public-access"; AWS KMS Developer Guide, "kms:CallerAccount"',
    "https://docs.aws.amazon.com/config/latest/developerguide/kms-key-policy-no-public-access.html ; "
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account",
    "2026-12-04",
)
OIDC_RULE = Citation(
    'IAM User Guide, "Create a role for OpenID Connect federation", section "Configuring a role for GitHub OIDC identity provider"',
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub",
    "2026-12-04",
)

#: GitHub's OIDC provider: its tokens carry `sub` = "repo:OWNER/REPO:..." for any repository on GitHub
GITHUB_PROVIDER = "token.actions.githubusercontent.com"
#: a `sub` pattern "repo:OWNER/REPO:*" names one repository, which the GitHub rule counts as fixed
GITHUB_REPOSITORY = r"repo:[^/*?:]+/[^/*?:]+:"


@dataclass(frozen=True)
class PublicRule:
    """The meaning of public for one resource type."""

    resource_type: str
    citations: tuple[Citation, ...]
    extra_keys: tuple[str, ...] = ()
    web_identity: bool = False  # token holders of a named OIDC provider are outsiders
    prefix_shapes: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(RESTRICTING | {k.lower() for k in self.extra_keys})

    @property
    def citation(self) -> str:
        return "; ".join(str(c) for c in self.citations)


S3 = PublicRule("AWS::S3::BucketPolicy", (S3_RULE,))
#: kms:CallerAccount names the caller's account, so a fixed value limits who calls. kms:ViaService
#: only limits the path (any account's principal may call through that service), so it does not.
KMS = PublicRule("AWS::KMS::Key", (S3_RULE, KMS_RULE), extra_keys=("kms:CallerAccount",))
TRUST = PublicRule(
    "AWS::IAM::AssumeRolePolicyDocument",
    (S3_RULE, OIDC_RULE),
    web_identity=True,
    prefix_shapes={f"{GITHUB_PROVIDER}:sub": GITHUB_REPOSITORY},
    note="SAML providers are the account's own identity providers and count as fixed principals",
)

RULES: dict[str, PublicRule] = {
    r.resource_type: r
    for r in (
        S3,
        KMS,
        TRUST,
        *(PublicRule(t, (S3_RULE,)) for t in (
            "AWS::S3::AccessPoint",
            "AWS::SQS::QueuePolicy",
            "AWS::SNS::TopicPolicy",
            "AWS::SecretsManager::ResourcePolicy",
            "AWS::ECR::Repository",
            "AWS::EFS::FileSystem",
            "AWS::OpenSearchService::Domain",
            "AWS::DynamoDB::Table",
            "AWS::Kinesis::ResourcePolicy",
            "AWS::Backup::BackupVault",
            "AWS::Glacier::Vault",
            "AWS::ApiGateway::RestApi",
            "AWS::CodeArtifact::Domain",
            "AWS::Lambda::Permission",
        )),
    )
}


def rule_for(resource_type: str | None) -> PublicRule:
    """The rule for a resource type (CloudFormation name); S3's when none is given or known."""
    return RULES.get(resource_type or "", S3)


def oidc_host(principal_value: str) -> str | None:
    """The OIDC provider a Federated principal names ("arn:...:oidc-provider/HOST" or a HOST), None for SAML."""
    m = re.fullmatch(r"arn:[^:]+:iam::\d{12}:oidc-provider/(.+)", principal_value)
    if m:
        return m.group(1)
    if ":saml-provider/" in principal_value or principal_value.startswith("arn:"):
        return None
    return principal_value


def claim_keys(host: str) -> tuple[str, ...]:
    """The claims of `host`'s tokens that limit who holds one: `sub` for GitHub (every
    repository gets the same `aud`), `sub` and `aud` for other providers."""
    if host == GITHUB_PROVIDER:
        return (f"{host}:sub",)
    return (f"{host}:sub", f"{host}:aud")


#: actions of a role's trust policy; a policy allowing only these is one
TRUST_ACTIONS = ("sts:assumerole", "sts:assumerolewithwebidentity", "sts:assumerolewithsaml", "sts:tagsession",
                 "sts:setsourceidentity", "sts:setcontext")


def inferred_type(policy: Policy) -> str | None:
    """The resource type a policy file's actions tell (a role trust policy, a KMS key policy), else None."""
    actions = [p.text.lower() for s in policy.statements for p in s.actions if not s.not_action]
    if not actions or any(s.not_action for s in policy.statements):
        return None
    if all(a in TRUST_ACTIONS for a in actions):
        return TRUST.resource_type
    if all(a.startswith("kms:") for a in actions):
        return KMS.resource_type
    return None
