"""API Gateway's resource shorthand: `"Resource": "execute-api:/stage/METHOD/path"`.

An API Gateway resource policy may name its own API's methods without the
API's ARN (Amazon API Gateway Developer Guide, "API Gateway resource policy
examples": `execute-api:/*` stands for `arn:aws:execute-api:REGION:ACCOUNT:API-ID/*`
of the API the policy is attached to). Read as written, such a pattern is no
ARN and matches no request, so a policy granting everyone `execute-api:/*`
would look like it grants nothing. A template knows the API a policy belongs
to only as a value unknown until deployment: `own_api` writes the prefix as
one template symbol (the same value in every pattern), which is exact.
A policy file has no symbols: `shorthand_at` finds the patterns so that the
file's checks can answer unknown rather than read them as matching nothing.
"""

from __future__ import annotations

from verifier.policy.ir import Pattern, Policy
from verifier.policy.jsonpos import JArray, JObject, JString, JValue
from verifier.policy.templates.symbols import SymbolTable

PREFIX = "execute-api:/"
#: the API's ARN as AWS generates it: partition, region, account and a generated id
API_ARN_SHAPE = r"arn:aws[a-z-]*:execute-api:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[a-z0-9]+"
API_ARN_PATTERN = "arn:aws*:execute-api:??-*-?:????????????:?*"  # the shape as far as an IAM pattern goes
EXAMPLE_API_ARN = "arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5"


def own_api(doc: JValue, table: SymbolTable, label: str) -> JValue:
    """`doc` with each Resource/NotResource value `execute-api:/...` written on the API's ARN (a symbol)."""
    if not isinstance(doc, JObject):
        return doc
    reference = table.add(f"the ARN of the API of {label}", wildcard_free=True, example=EXAMPLE_API_ARN, shape=API_ARN_SHAPE,
                          pattern=API_ARN_PATTERN)

    def resource(node: JValue) -> JValue:
        if isinstance(node, JArray):
            return JArray(tuple(resource(i) for i in node.items), node.line, node.column)
        if isinstance(node, JString) and node.value.startswith(PREFIX):
            return JString(reference + node.value[len(PREFIX) - 1:], node.line, node.column)
        return node

    def statement(node: JValue) -> JValue:
        if not isinstance(node, JObject):
            return node
        return JObject(tuple((k, resource(v) if k.value in ("Resource", "NotResource") else v) for k, v in node.pairs),
                       node.line, node.column)

    pairs = []
    for key, value in doc.pairs:
        if key.value == "Statement":
            value = JArray(tuple(statement(s) for s in value.items), value.line, value.column) if isinstance(value, JArray) else statement(value)
        pairs.append((key, value))
    return JObject(tuple(pairs), doc.line, doc.column)


def shorthand_at(policy: Policy) -> Pattern | None:
    """The first Resource/NotResource pattern written in the shorthand, if any."""
    return next((p for s in policy.statements for p in s.resources or () if p.text.startswith(PREFIX)), None)
