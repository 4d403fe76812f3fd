"""A Lambda permission (AWS::Lambda::Permission, aws_lambda_permission) as the policy statement
Lambda adds to the function's resource-based policy.

Source: AWS Lambda Developer Guide, "Viewing resource-based IAM policies in Lambda"
(https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html, as of
2026-12-04), and the AddPermission API: the principal (an account, an ARN, a service or "*"),
the action, and conditions on aws:SourceArn (ArnLike), aws:SourceAccount,
aws:PrincipalOrgID, lambda:FunctionUrlAuthType and lambda:EventSourceToken (StringEquals).
The statement's Resource is "*": the permission is attached to its function, so which
function it names decides nothing about who may call.
"""

from __future__ import annotations

import re
from typing import Any

#: property -> (condition operator, condition key); CloudFormation's names, Terraform's after them
CONDITIONS = (
    (("SourceArn", "source_arn"), "ArnLike", "aws:SourceArn"),
    (("SourceAccount", "source_account"), "StringEquals", "aws:SourceAccount"),
    (("PrincipalOrgID", "principal_org_id"), "StringEquals", "aws:PrincipalOrgID"),
    (("FunctionUrlAuthType", "function_url_auth_type"), "StringEquals", "lambda:FunctionUrlAuthType"),
    (("EventSourceToken", "event_source_token"), "StringEquals", "lambda:EventSourceToken"),
)
SERVICE = re.compile(r"[a-z0-9.-]+\.amazonaws\.com(\.cn)?")


def principal_kind(value: Any) -> str:
    """"Service" for a service principal's name, else "AWS" (an account number, an ARN, a template value)."""
    return "Service" if isinstance(value, str) and SERVICE.fullmatch(value) else "AWS"


def permission_document(properties: dict, names: tuple[str, str] = ("Principal", "Action")) -> dict | None:
    """The policy document of one permission (`properties` keyed by CloudFormation's or, with
    `names` ("principal", "action"), Terraform's names); None without a principal or action."""
    principal_name, action_name = names
    principal, action = properties.get(principal_name), properties.get(action_name)
    if principal is None or action is None:
        return None
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": "*" if principal == "*" else {principal_kind(principal): principal},
        "Action": action,
        "Resource": "*",
    }
    conditions: dict[str, dict[str, Any]] = {}
    for props, operator, key in CONDITIONS:
        value = next((properties[p] for p in props if properties.get(p) is not None), None)
        if value is not None:
            conditions.setdefault(operator, {})[key] = value
    if conditions:
        statement["Condition"] = conditions
    return {"Version": "2012-10-17", "Statement": [statement]}


def function_url_permission(config: Any) -> dict | None:
    """The permission SAM adds for a function's `FunctionUrlConfig` (AWS SAM Developer Guide,
    "AWS::Serverless::Function FunctionUrlConfig": with AuthType NONE, a lambda:InvokeFunctionUrl
    permission to "*" limited to that auth type; with AWS_IAM, none). None when it adds none;
    KeyError when the auth type is not written out (the permission then is not known)."""
    auth = config.get("AuthType") if isinstance(config, dict) else None
    if auth == "AWS_IAM":
        return None
    if auth != "NONE":
        raise KeyError("AuthType")
    return permission_document({"Principal": "*", "Action": "lambda:InvokeFunctionUrl", "FunctionUrlAuthType": "NONE"})


def layer_permission_document(properties: dict) -> dict | None:
    """The policy of an AWS::Lambda::LayerVersionPermission (AddLayerVersionPermission API: a Principal,
    an account or "*", and with "*" an OrganizationId, which limits it to that organization's accounts)."""
    return permission_document({"Principal": properties.get("Principal"), "Action": properties.get("Action"),
                                "PrincipalOrgID": properties.get("OrganizationId")})
