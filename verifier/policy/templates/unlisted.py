"""Policy documents held by resource types the template readers do not list.

A resource type the readers know nothing about may still carry an access
policy (`AWS::SSM::ResourcePolicy`'s `Policy`, a DynamoDB global table's
replica policies, Terraform's `aws_vpc_endpoint` `policy`, ...). Skipping it
would answer a template "no policy documents found" -- a yes about a policy
never read. Such a resource is reported as a policy not read (unknown)
whenever one of its values looks like an IAM policy document: a mapping whose
"Statement" holds statements with an "Effect", a statement itself (an "Effect"
with an "Action" or "NotAction"), or text naming both keys (JSON, an HCL
`jsonencode` or heredoc). WAF rules' "Statement" mappings, which have no
"Effect", are not documents.
"""

from __future__ import annotations

import re
from typing import Any

#: the type shown for a resource whose policy is not read (cfn.UNREAD_POLICIES, and those found here)
UNREAD_TYPE = "policy not read"
#: the two keys every IAM policy document's statements have, as they appear in JSON or HCL text
_STATEMENT = re.compile(r"""["']?\bStatement\b["']?\s*[:=]""")
_EFFECT = re.compile(r"""["']?\bEffect\b["']?\s*[:=]""")


def names_document(text: str) -> bool:
    """Does `text` (JSON, YAML or HCL source) write a policy document's "Statement" with an "Effect"?"""
    return _STATEMENT.search(text) is not None and _EFFECT.search(text) is not None


def holds_document(node: Any) -> bool:
    """Does a decoded template value hold a policy document anywhere inside it (a mapping, or JSON text
    such as a `Fn::Sub` string)?"""
    if isinstance(node, str):
        return names_document(node)
    if isinstance(node, list):
        return any(holds_document(item) for item in node)
    if not isinstance(node, dict):
        return False
    if "Effect" in node and ("Action" in node or "NotAction" in node):
        return True  # a statement on its own (SAM's CustomStatements of an API's resource policy)
    statements = node.get("Statement")
    items = statements if isinstance(statements, list) else [statements]
    if any(isinstance(s, dict) and "Effect" in s for s in items):
        return True
    return any(holds_document(value) for value in node.values())


def document_property(properties: dict) -> str | None:
    """The first property of an unlisted resource that holds a policy document, else None."""
    return next((str(name) for name, value in properties.items() if holds_document(value)), None)


#: AWS Organizations policy types whose content is an IAM policy document (the others -- tag, backup,
#: AI services opt-out, chat, declarative policies -- have their own syntax)
GUARDRAIL_TYPES = ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")


def is_guardrail(kind: str | None, content: Any) -> bool:
    """Is an Organizations policy of type `kind` with `content` an SCP or RCP? A type computed at deployment
    (None) counts when the content is a policy document."""
    return holds_document(content) if kind is None else kind in GUARDRAIL_TYPES
