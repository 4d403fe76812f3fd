"""Read `organization.json`: the organisation tree and the SCPs and RCPs attached at each level.

    {"Id": "o-exampleorgid", "ManagementAccount": "111111111111",
     "Root": {"Id": "r-root", "Name": "Root", "SCPs": ["FullAWSAccess", "policies/deny-leave.json"],
              "Accounts": ["111111111111"],
              "Children": [{"Id": "ou-prod", "Name": "Prod", "SCPs": [...], "RCPs": [...],
                            "Accounts": ["222222222222"], "Children": []}]},
     "Accounts": {"222222222222": {"SCPs": [...], "RCPs": [...]}}}

Policy references are file paths relative to the snapshot directory, or the
built-in names `FullAWSAccess` and `RCPFullAWSAccess`. A level (root, OU or
account) that lists no "SCPs" has FullAWSAccess, AWS's default attachment;
every level has RCPFullAWSAccess, which AWS attaches everywhere and does not
let anyone detach (Organizations User Guide, "Resource control policies",
consulted 2026-12-04), plus the RCPs listed.
"""

from __future__ import annotations

import re
from pathlib import Path

from verifier.load import read_bytes
from verifier.policy.access.fields import Fields
from verifier.policy.access.model import OrgNode, Organization, where
from verifier.policy.ir import Policy
from verifier.policy.jsonpos import JValue, parse_json
from verifier.policy.parse import decode, load_policy, parse_policy

FULL_AWS_ACCESS = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'
RCP_FULL_AWS_ACCESS = ('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", '
                       '"Action": "*", "Resource": "*"}}')
BUILT_IN = {"FullAWSAccess": FULL_AWS_ACCESS, "RCPFullAWSAccess": RCP_FULL_AWS_ACCESS}


def read_organization(path: str, labels: dict[tuple[str, int, int], str]) -> Organization:
    """The organisation described by the file at `path` (policy files relative to its directory)."""
    doc = parse_json(decode(read_bytes(path, path), path), path)
    return _Reader(path, labels).read(doc)


class _Reader(Fields):
    def __init__(self, path: str, labels: dict[tuple[str, int, int], str]) -> None:
        super().__init__(path)
        self.base = Path(path).parent
        self.labels = labels
        self.cache: dict[str, Policy] = {}

    def read(self, doc: JValue) -> Organization:
        top = self.obj(doc, "the organization")
        org_id = self.string(self.need(top, "Id", doc, "the organization"), "Id")
        mgmt_node = self.need(top, "ManagementAccount", doc, "the organization")
        mgmt = self.string(mgmt_node, "ManagementAccount")
        if not re.fullmatch(r"\d{12}", mgmt):
            raise self.error(mgmt_node, f'"{mgmt}" is not a 12-digit account number')
        own = {}
        if "Accounts" in top:
            for key_node, value in self._pairs(top["Accounts"]):
                own[key_node] = value
        paths: dict[str, tuple[OrgNode, ...]] = {}
        self._node(self.need(top, "Root", doc, "the organization"), (), own, paths)
        return Organization(org_id, mgmt, paths)

    def _pairs(self, node: JValue):
        self.obj(node, '"Accounts"')
        return [(k.value, v) for k, v in node.pairs]  # type: ignore[union-attr]

    def _node(self, node: JValue, above: tuple[OrgNode, ...], own: dict[str, JValue],
              paths: dict[str, tuple[OrgNode, ...]]) -> None:
        fields = self.obj(node, "an organization level")
        name = self.string(fields["Name"], "Name") if "Name" in fields else "Root"
        node_id = self.string(fields["Id"], "Id") if "Id" in fields else name
        level = self._level(fields, name, node_id)
        here = (*above, level)
        for acct in self.items(fields["Accounts"], "Accounts") if "Accounts" in fields else ():
            account = self.string(acct, "an account")
            if not re.fullmatch(r"\d{12}", account):
                raise self.error(acct, f'"{account}" is not a 12-digit account number')
            if account in paths:
                raise self.error(acct, f"account {account} is listed twice in the organization")
            extra = self.obj(own[account], f"account {account}") if account in own else {}
            paths[account] = (*here, self._level(extra, f"account {account}", account))
        for child in self.items(fields["Children"], "Children") if "Children" in fields else ():
            self._node(child, here, own, paths)

    def _level(self, fields: dict[str, JValue], name: str, node_id: str) -> OrgNode:
        scps = self._policies(fields.get("SCPs"), ["FullAWSAccess"], name, "SCP")
        rcps = self._policies(fields.get("RCPs"), [], name, "RCP")
        return OrgNode(name, node_id, scps, (self._built_in("RCPFullAWSAccess", "RCP"),) + rcps)

    def _policies(self, node: JValue | None, default: list[str], level: str, kind: str) -> tuple[Policy, ...]:
        if node is None:
            return tuple(self._built_in(n, kind) for n in default)
        out = []
        for item in self.items(node, f"{kind}s of {level}"):
            ref = self.string(item, f"an {kind} reference")
            if ref in BUILT_IN:
                out.append(self._built_in(ref, kind))
                continue
            file = self.base / ref
            if not file.is_file():
                raise self.error(item, f'{kind} file "{ref}" not found (paths are relative to {self.base or "."})')
            if ref not in self.cache:
                self.cache[ref] = load_policy(str(file))
                self.labels[where(self.cache[ref])] = f"{kind} {ref}"
            out.append(self.cache[ref])
        return tuple(out)

    def _built_in(self, name: str, kind: str) -> Policy:
        if name not in self.cache:
            self.cache[name] = parse_policy(BUILT_IN[name], f"<{name}>")
            self.labels[where(self.cache[name])] = f"{kind} {name} (AWS managed)"
        return self.cache[name]
