"""The ARN of an identity provider the template itself creates.

A trust policy names its federated principal by the provider's ARN, which a
template usually takes from the provider resource it declares
(`!Ref GithubProvider`, `!GetAtt GithubProvider.Arn`,
`aws_iam_openid_connect_provider.github.arn`). IAM builds that ARN from the
deploying account and what the resource writes (IAM User Guide, "IAM
identifiers": `arn:aws:iam::ACCOUNT:oidc-provider/URL-WITHOUT-SCHEME`,
`arn:aws:iam::ACCOUNT:saml-provider/NAME`), so when the URL or name is written
out the ARN is that text with the account as a template value: who holds the
provider's tokens (anyone, for GitHub's) is then known.
"""

from __future__ import annotations

import re

from verifier.policy.templates.symbols import REFERENCE

#: provider resource type (CloudFormation and Terraform) -> (kind in the ARN, property naming it)
PROVIDERS = {
    "AWS::IAM::OIDCProvider": ("oidc-provider", "Url"),
    "AWS::IAM::SAMLProvider": ("saml-provider", "Name"),
    "aws_iam_openid_connect_provider": ("oidc-provider", "url"),
    "aws_iam_saml_provider": ("saml-provider", "name"),
}


def provider_arn(resource_type: str, written: str | None, account: str) -> str | None:
    """The ARN of the provider of `resource_type` whose URL or name is `written` (text, possibly with
    template values; None when the template leaves a SAML provider's name to CloudFormation, which
    then is `generated`), in the account `account` (text); None when it is no provider type or an
    OIDC provider's URL is not written out (its host decides who holds tokens)."""
    if resource_type not in PROVIDERS:
        return None
    kind, _ = PROVIDERS[resource_type]
    if kind == "saml-provider":  # any name: the account's own identity provider (public_rules.TRUST)
        return f"arn:aws:iam::{account}:{kind}/{written}" if written else None
    if not written or REFERENCE.search(written):
        return None
    name = re.sub(r"^https://", "", written)
    if not name or name.endswith("/") or any(c in name for c in "*?$"):
        return None
    return f"arn:aws:iam::{account}:{kind}/{name}"
