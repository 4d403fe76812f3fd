"""What "public" means for each resource type, as the cloud service documents it.

Every rule starts from Amazon S3 Block Public Access's definition (public.py):
a grant is public unless it is limited to fixed values of a principal or of a
restricting condition key. A resource type adds the keys its service documents
as limiting who can call (`extra_keys`), and a role's trust policy adds web
identities: whoever holds a token from an OpenID Connect provider the policy
names is an outsider unless the provider's claims are pinned to fixed values.
Each rule cites its sources (`Citation`), pinned as of a date: a change here is deliberate.

Service principals. A grant to a service principal limited by a fixed
aws:SourceArn or aws:SourceAccount is not public (both are restricting keys).
Without them, a grant to a service principal the policy *names* is still not
public: S3's definition lists "an AWS principal, user, role, or service
principal" among the fixed values that make a grant non-public, and Access
Analyzer applies that definition. Such a grant is a confused-deputy risk (any
account's resource of that service can make the service call), which is a
validation matter, not public access. `{"Service": "*"}` or an unnamed
service is public.
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

ANALYZER_CHECK = Citation(
    'IAM Access Analyzer API Reference, "CheckNoPublicAccess" (the resource types it checks)',
    "https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoPublicAccess.html",
    "2026-12-04",
)
#: aws:SourceArn / aws:SourceAccount (already restricting in S3's rule) are how a grant to a service
#: principal names the resource or account the service acts for (module doc: service principals)
CONFUSED_DEPUTY = Citation(
    'IAM User Guide, "The confused deputy problem" (aws:SourceArn, aws:SourceAccount for service principals)',
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
    "2026-12-04",
)
#: the caller's own account: a fixed value limits who calls, as kms:CallerAccount does for keys
PRINCIPAL_ACCOUNT = Citation(
    'IAM User Guide, "AWS global condition context keys", aws:PrincipalAccount',
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount",
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
    #: what a policy of this type is when it grants nothing, only limits what others grant (SCPs, RCPs,
    #: VPC endpoint policies); "" for a type whose policy grants
    guardrail: str = ""

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(RESTRICTING | {k.lower() for k in self.extra_keys})

    @property
    def citation(self) -> str:
        return "; ".join(str(c) for c in self.citations)


#: S3's own list, literally: S3 Block Public Access calls a grant limited only by aws:PrincipalAccount
#: public, so for buckets and access points it is (the other rules add that key, `_service`)
S3 = PublicRule("AWS::S3::BucketPolicy", (S3_RULE,))
#: kms:CallerAccount names the caller's account, so a fixed value limits who calls. kms:ViaService
#: only limits the path (any account's principal may call through that service), so it does not.
KMS = PublicRule("AWS::KMS::Key", (S3_RULE, KMS_RULE, PRINCIPAL_ACCOUNT), extra_keys=("kms:CallerAccount", "aws:PrincipalAccount"))
TRUST = PublicRule(
    "AWS::IAM::AssumeRolePolicyDocument",
    (S3_RULE, OIDC_RULE, PRINCIPAL_ACCOUNT),
    extra_keys=("aws:PrincipalAccount",),
    web_identity=True,
    prefix_shapes={f"{GITHUB_PROVIDER}:sub": GITHUB_REPOSITORY},
    note="SAML providers are the account's own identity providers and count as fixed principals",
)

ACCESS_POINT = PublicRule("AWS::S3::AccessPoint", (S3_RULE, Citation(
    'Amazon S3 User Guide, "Configuring IAM policies for using access points"',
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html", "2026-12-04")))

#: SCPs and RCPs: "SCPs alone are not sufficient to granting permissions"; "RCPs alone are not sufficient
#: to grant permissions" -- they only set the most a principal or resource of the organization may have
GUARDRAIL = PublicRule("AWS::Organizations::Policy", (
    Citation('AWS Organizations User Guide, "Service control policies (SCPs)"',
             "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html", "2026-12-06"),
    Citation('AWS Organizations User Guide, "Resource control policies (RCPs)"',
             "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html", "2026-12-06"),
), guardrail="an SCP or RCP")
#: "An endpoint policy does not override or replace identity-based policies or resource-based policies":
#: a request through the endpoint needs those to allow it as well
ENDPOINT = PublicRule("AWS::EC2::VPCEndpoint", (
    Citation('AWS PrivateLink Guide, "Control access to VPC endpoints using endpoint policies"',
             "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html", "2026-12-06"),
), guardrail="a VPC endpoint policy")

#: pages every service rule follows besides its own (listed once, not repeated in each answer)
SOURCES = (ANALYZER_CHECK, CONFUSED_DEPUTY)


def _service(resource_type: str, title: str, url: str, *aliases: str) -> tuple[PublicRule, tuple[str, ...]]:
    """A resource type Access Analyzer checks with S3's meaning of public, the caller's account
    (aws:PrincipalAccount) as one more restricting key, and the service's resource-policy page."""
    page = Citation(title, url, "2026-12-04")
    rule = PublicRule(resource_type, (S3_RULE, page, PRINCIPAL_ACCOUNT), extra_keys=("aws:PrincipalAccount",))
    return rule, aliases


#: (rule, template resource types checked by it): the rule's name is Access Analyzer's resourceType
SERVICE_RULES = (
    _service("AWS::SQS::Queue", 'Amazon SQS Developer Guide, "Basic examples of Amazon SQS policies"',
             "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
             "AWS::SQS::QueuePolicy"),
    _service("AWS::SNS::Topic", 'Amazon SNS Developer Guide, "Example cases for Amazon SNS access control"',
             "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html", "AWS::SNS::TopicPolicy"),
    _service("AWS::Lambda::Function", 'AWS Lambda Developer Guide, "Viewing resource-based IAM policies in Lambda"',
             "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html", "AWS::Lambda::Permission"),
    _service("AWS::SecretsManager::Secret", 'AWS Secrets Manager User Guide, "Resource-based policies"',
             "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html",
             "AWS::SecretsManager::ResourcePolicy"),
    _service("AWS::ECR::Repository", 'Amazon ECR User Guide, "Private repository policies in Amazon ECR"',
             "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html"),
    _service("AWS::EFS::FileSystem", 'Amazon EFS User Guide, "Using IAM to control access to file systems"',
             "https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html"),
    _service("AWS::OpenSearchService::Domain", 'Amazon OpenSearch Service Developer Guide, "Identity and Access Management"',
             "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html"),
    _service("AWS::DynamoDB::Table", 'Amazon DynamoDB Developer Guide, "Using resource-based policies for DynamoDB"',
             "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html"),
    _service("AWS::DynamoDB::Stream", 'Amazon DynamoDB Developer Guide, "Using resource-based policies for DynamoDB"',
             "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html"),
    _service("AWS::Kinesis::Stream", 'Amazon Kinesis Data Streams Developer Guide, "Share your data stream with another account"',
             "https://docs.aws.amazon.com/streams/latest/dev/resource-based-policies.html", "AWS::Kinesis::ResourcePolicy"),
    _service("AWS::S3::Glacier", 'Amazon S3 Glacier Developer Guide, "Vault access policies"',
             "https://docs.aws.amazon.com/amazonglacier/latest/dev/vault-access-policy.html", "AWS::Glacier::Vault"),
    _service("AWS::ApiGateway::RestApi", 'Amazon API Gateway Developer Guide, "Control access to a REST API with API Gateway resource policies"',
             "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html"),
    _service("AWS::Backup::BackupVault", 'AWS Backup Developer Guide, "Vault access policies"',
             "https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html"),
    _service("AWS::CodeArtifact::Domain", 'AWS CodeArtifact User Guide, "Domain policies"',
             "https://docs.aws.amazon.com/codeartifact/latest/ug/domain-policies.html"),
    _service("AWS::S3Tables::TableBucket", 'Amazon S3 User Guide, "Resource-based policies for S3 Tables"',
             "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-resource-based-policies.html",
             "AWS::S3Tables::TableBucketPolicy"),
    _service("AWS::S3Tables::Table", 'Amazon S3 User Guide, "Resource-based policies for S3 Tables"',
             "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-resource-based-policies.html",
             "AWS::S3Tables::TablePolicy"),
    _service("AWS::CloudTrail::EventDataStore", 'AWS CloudTrail User Guide, "Resource-based policy examples for channels, event data stores, and dashboards"',
             "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_resource-based-policy-examples.html",
             "AWS::CloudTrail::Dashboard", "AWS::CloudTrail::ResourcePolicy"),
    _service("AWS::CodeArtifact::Repository", 'AWS CodeArtifact User Guide, "Repository policies"',
             "https://docs.aws.amazon.com/codeartifact/latest/ug/repo-policies.html"),
)

#: every --resource-type name: Access Analyzer's resourceType names, and the template resource types
#: whose policies they check (AWS::SQS::QueuePolicy is checked as AWS::SQS::Queue)
RULES: dict[str, PublicRule] = {
    **{name: r for r in (S3, KMS, TRUST, GUARDRAIL, ENDPOINT) for name in (r.resource_type,)},
    "AWS::S3::Bucket": S3,
    "AWS::S3::AccessPoint": ACCESS_POINT,
    # directory buckets, Outposts buckets and the other access points: S3's own meaning of public
    **{name: S3 for name in ("AWS::S3Express::DirectoryBucket", "AWS::S3Express::BucketPolicy",
                             "AWS::S3Outposts::Bucket", "AWS::S3Outposts::BucketPolicy")},
    **{name: ACCESS_POINT for name in ("AWS::S3Express::AccessPoint", "AWS::S3Outposts::AccessPoint",
                                       "AWS::S3::MultiRegionAccessPoint", "AWS::S3ObjectLambda::AccessPoint")},
    **{name: rule for rule, aliases in SERVICE_RULES for name in (rule.resource_type, *aliases)},
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


#: service prefix -> the resource type whose policy names only that service's actions (a queue policy
#: names sqs: actions); S3's prefix is not here: S3's rule is the default
SERVICE_TYPES = {
    "sqs": "AWS::SQS::Queue", "sns": "AWS::SNS::Topic", "lambda": "AWS::Lambda::Function",
    "secretsmanager": "AWS::SecretsManager::Secret", "ecr": "AWS::ECR::Repository",
    "elasticfilesystem": "AWS::EFS::FileSystem", "es": "AWS::OpenSearchService::Domain",
    "dynamodb": "AWS::DynamoDB::Table", "kinesis": "AWS::Kinesis::Stream", "glacier": "AWS::S3::Glacier",
    "execute-api": "AWS::ApiGateway::RestApi", "backup": "AWS::Backup::BackupVault",
    "codeartifact": "AWS::CodeArtifact::Domain", "s3tables": "AWS::S3Tables::TableBucket",
    "cloudtrail": "AWS::CloudTrail::EventDataStore",
}


def inferred_type(policy: Policy) -> str | None:
    """The resource type a policy file's actions tell (a role trust policy, a KMS key policy, a resource
    policy of one service of `SERVICE_TYPES`), else None."""
    actions = [p.text.lower() for s in policy.statements for p in s.actions if not s.not_action]
    if not actions or any(s.not_action for s in policy.statements):
        return None
    if all(a in TRUST_ACTIONS for a in actions):
        return TRUST.resource_type
    if all(a.startswith("kms:") for a in actions):
        return KMS.resource_type
    services = {a.split(":", 1)[0] for a in actions if ":" in a}
    if len(services) == 1 and all(":" in a for a in actions):
        return SERVICE_TYPES.get(services.pop())
    return None
