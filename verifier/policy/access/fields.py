"""Positioned reading of the snapshot's JSON files: each wrong shape is an InputError at its place."""

from __future__ import annotations

from urllib.parse import unquote

from verifier.errors import InputError
from verifier.policy.jsonpos import JArray, JObject, JString, JValue, parse_json
from verifier.policy.parse import policy_of
from verifier.policy.access.model import where
from verifier.policy.ir import Policy
from verifier.policy.templates.positions import shifted

KIND = "policy-schema"


class Fields:
    """Readers of positioned JSON values of the file at `path`."""

    def __init__(self, path: str) -> None:
        self.path = path
        #: where(policy) -> what it is ("managed policy ARN", "inline policy NAME of role R", ...)
        self.labels: dict[tuple[str, int, int], str] = {}

    def error(self, node: JValue, message: str) -> InputError:
        return InputError(self.path, node.line, node.column, message, KIND)

    def obj(self, node: JValue, what: str) -> dict[str, JValue]:
        if not isinstance(node, JObject):
            raise self.error(node, f"{what} must be a JSON object")
        return {k.value: v for k, v in node.pairs}

    def items(self, node: JValue, what: str) -> tuple[JValue, ...]:
        if not isinstance(node, JArray):
            raise self.error(node, f"{what} must be a JSON list")
        return node.items

    def string(self, node: JValue, what: str) -> str:
        if not isinstance(node, JString):
            raise self.error(node, f"{what} must be a string")
        return node.value

    def need(self, fields: dict[str, JValue], name: str, owner: JValue, what: str) -> JValue:
        if name not in fields:
            raise self.error(owner, f'{what} has no "{name}"')
        return fields[name]

    def policy(self, node: JValue, label: str) -> Policy:
        """A policy document written as a JSON object, or as (URL-encoded) JSON text, as IAM's API returns it;
        `label` says what it is, in answers."""
        if isinstance(node, JString):
            inner = parse_json(unquote(node.value), self.path)
            found = policy_of(shifted(inner, (node.line, node.column)), self.path)
        else:
            found = policy_of(node, self.path)
        self.labels[where(found)] = label
        return found
