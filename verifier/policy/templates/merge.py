"""Terraform's merging of policy documents (`aws_iam_policy_document`'s `source_policy_documents`,
`override_policy_documents`, and the deprecated `source_json` / `override_json`).

The AWS provider's documentation of the data source (registry.terraform.io, hashicorp/aws,
"aws_iam_policy_document", arguments `source_policy_documents`, `override_policy_documents`
and `statement`): the source documents are merged first; a statement of the data source
itself with a non-blank `sid` replaces the statement with the same sid from the sources, the
others are added (the sources' sids must differ: the provider refuses the data source
otherwise); then each override document in turn, whose statements with a non-blank sid
replace the statement with the same sid so far, the others are added. Statement order does
not change what a policy allows, so where a replaced statement stood does not matter here.
"""

from __future__ import annotations

from verifier.policy.jsonpos import JObject, JString, JValue
from verifier.policy.templates.symbols import REFERENCE


def merged(layers: list[list[JValue]], sources: int = 0) -> tuple[list[JValue], str | None]:
    """The statements of `layers` (the first `sources` of them source documents, then the data source's
    own statements, then overrides) merged by sid, or the reason they cannot be: a sid that is a
    template value (which statement it replaces is not known), or one sid twice in a layer or among
    the sources (the provider refuses the data source: "duplicate SID")."""
    if len(layers) == 1:
        return list(layers[0]), None
    out: list[JValue] = []
    among_sources: set[str] = set()
    for n, layer in enumerate(layers):
        seen: set[str] = among_sources if n < sources else set()
        for statement in layer:
            sid, why = _sid(statement)
            if why:
                return [], why
            if sid and sid in seen:
                return [], f'sid "{sid}" twice in merged documents'
            if sid:
                seen.add(sid)
            at = next((i for i, s in enumerate(out) if sid and _sid(s)[0] == sid), None)
            if at is None:
                out.append(statement)
            else:
                out[at] = statement
    return out, None


def _sid(statement: JValue) -> tuple[str, str | None]:
    """The statement's sid ("" when blank or absent), or why it is not known."""
    if not isinstance(statement, JObject):
        return "", None
    value = next((v for k, v in statement.pairs if k.value == "Sid"), None)
    if value is None:
        return "", None
    if not isinstance(value, JString) or REFERENCE.search(value.value):
        return "", f"a sid written with a template value (line {value.line}) decides which merged statement replaces which"
    return value.value, None
