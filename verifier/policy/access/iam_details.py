"""Read one account's IAM: the JSON `aws iam get-account-authorization-details` prints.

Reads `UserDetailList` (with `GroupList`), `GroupDetailList`, `RoleDetailList`
(trust policy in `AssumeRolePolicyDocument`), `Policies` (managed policies,
the default version's document), inline `*PolicyList`s,
`AttachedManagedPolicies`, `PermissionsBoundary` and `Tags`. Policy documents
may be JSON objects (as the CLI prints them) or URL-encoded JSON text (as the
API returns them). A managed policy attached but not in `Policies` (an AWS
managed policy the output left out) is recorded as missing on the identity,
whose answers are then unknown. Output: identities and role resources.
"""

from __future__ import annotations

import re

from verifier.load import read_bytes
from verifier.policy.access.fields import Fields
from verifier.policy.access.model import Identity, Resource
from verifier.policy.ir import Policy
from verifier.policy.jsonpos import JValue, parse_json
from verifier.policy.parse import decode

#: the path IAM gives service-linked roles (IAM User Guide, "Using service-linked roles")
SERVICE_LINKED_PATH = "/aws-service-role/"


def read_iam(path: str, labels: dict[tuple[str, int, int], str]) -> tuple[list[Identity], list[Resource], str | None]:
    """The identities and role resources of one account's authorization details; the account (from the ARNs).
    Each policy's label is added to `labels` (by where(policy))."""
    doc = parse_json(decode(read_bytes(path, path), path), path)
    reader = _Reader(path)
    found = reader.read(doc)
    labels.update(reader.labels)
    return found


class _Reader(Fields):
    def read(self, doc: JValue) -> tuple[list[Identity], list[Resource], str | None]:
        top = self.obj(doc, "the authorization details")
        if not any(k in top for k in ("UserDetailList", "RoleDetailList", "GroupDetailList", "Policies")):
            raise self.error(doc, "not the output of `aws iam get-account-authorization-details` "
                             "(no UserDetailList, GroupDetailList, RoleDetailList or Policies)")
        managed = self._managed(top.get("Policies"))
        groups = self._groups(top.get("GroupDetailList"), managed)
        identities: list[Identity] = []
        resources: list[Resource] = []
        for node in self.items(top["UserDetailList"], "UserDetailList") if "UserDetailList" in top else ():
            identities.append(self._identity(node, "user", managed, groups))
        for node in self.items(top["RoleDetailList"], "RoleDetailList") if "RoleDetailList" in top else ():
            role = self._identity(node, "role", managed, groups)
            identities.append(role)
            fields = self.obj(node, "a role")
            trust = self.policy(self.need(fields, "AssumeRolePolicyDocument", node, "a role"), f"trust policy of {role.arn}")
            resources.append(Resource(role.arn, role.account, trust, "role"))
        accounts = {i.account for i in identities}
        return identities, resources, (accounts.pop() if len(accounts) == 1 else None)

    def _managed(self, node: JValue | None) -> dict[str, Policy]:
        out: dict[str, Policy] = {}
        for item in self.items(node, "Policies") if node is not None else ():
            fields = self.obj(item, "a managed policy")
            arn = self.string(self.need(fields, "Arn", item, "a managed policy"), "Arn")
            versions = self.items(self.need(fields, "PolicyVersionList", item, "a managed policy"), "PolicyVersionList")
            default = None
            for v in versions:
                vf = self.obj(v, "a policy version")
                flag = vf.get("IsDefaultVersion")
                if flag is not None and getattr(flag, "value", False) is True:
                    default = self.need(vf, "Document", v, "a policy version")
            if default is None:
                raise self.error(item, f"managed policy {arn} has no default version (IsDefaultVersion: true)")
            out[arn] = self.policy(default, f"managed policy {arn}")
        return out

    def _groups(self, node: JValue | None, managed: dict[str, Policy]) -> dict[str, tuple[tuple[Policy, ...], tuple[str, ...]]]:
        out = {}
        for item in self.items(node, "GroupDetailList") if node is not None else ():
            fields = self.obj(item, "a group")
            name = self.string(self.need(fields, "GroupName", item, "a group"), "GroupName")
            out[name] = self._attached(fields, "GroupPolicyList", managed, f"group {name}")
        return out

    def _attached(self, fields: dict[str, JValue], inline_list: str, managed: dict[str, Policy],
                  owner: str) -> tuple[tuple[Policy, ...], tuple[str, ...]]:
        policies: list[Policy] = []
        missing: list[str] = []
        for item in self.items(fields[inline_list], inline_list) if inline_list in fields else ():
            f = self.obj(item, "an inline policy")
            name = self.string(f["PolicyName"], "PolicyName") if "PolicyName" in f else "?"
            policies.append(self.policy(self.need(f, "PolicyDocument", item, "an inline policy"), f"inline policy {name} of {owner}"))
        attached = fields.get("AttachedManagedPolicies")
        for item in self.items(attached, "AttachedManagedPolicies") if attached is not None else ():
            f = self.obj(item, "an attached policy")
            arn = self.string(self.need(f, "PolicyArn", item, "an attached policy"), "PolicyArn")
            if arn in managed:
                policies.append(managed[arn])
            else:
                missing.append(arn)
        return tuple(policies), tuple(missing)

    def _identity(self, node: JValue, kind: str, managed: dict[str, Policy], groups: dict) -> Identity:
        what = "a user" if kind == "user" else "a role"
        fields = self.obj(node, what)
        arn_node = self.need(fields, "Arn", node, what)
        arn = self.string(arn_node, "Arn")
        m = re.fullmatch(rf"arn:[^:]+:iam::(\d{{12}}):{kind}/(?:.*/)?([^/]+)", arn)
        if not m:
            raise self.error(arn_node, f'"{arn}" is not an IAM {kind} ARN')
        inline = "UserPolicyList" if kind == "user" else "RolePolicyList"
        policies, missing = self._attached(fields, inline, managed, f"{kind} {m.group(2)}")
        for g in self.items(fields["GroupList"], "GroupList") if "GroupList" in fields else ():
            name = self.string(g, "a group name")
            if name not in groups:
                missing = (*missing, f"group {name}")
                continue
            policies, missing = policies + groups[name][0], missing + groups[name][1]
        boundary = None
        if "PermissionsBoundary" in fields:
            b = self.obj(fields["PermissionsBoundary"], "PermissionsBoundary")
            barn = self.string(self.need(b, "PermissionsBoundaryArn", fields["PermissionsBoundary"], "PermissionsBoundary"),
                               "PermissionsBoundaryArn")
            boundary = managed.get(barn)
            if boundary is None:
                missing = (*missing, f"boundary {barn}")
        tags = []
        for t in self.items(fields["Tags"], "Tags") if "Tags" in fields else ():
            tf = self.obj(t, "a tag")
            tags.append((self.string(self.need(tf, "Key", t, "a tag"), "Key"), self.string(self.need(tf, "Value", t, "a tag"), "Value")))
        path = self.string(fields["Path"], "Path") if "Path" in fields else "/"
        return Identity(arn, kind, m.group(1), m.group(2), policies, boundary, tuple(tags),
                        service_linked=kind == "role" and path.startswith(SERVICE_LINKED_PATH), missing=missing)
