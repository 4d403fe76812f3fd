"""Read an account snapshot: one file, or the documented directory layout (README, "Account snapshots").

A file is one account's `aws iam get-account-authorization-details` output.
A directory holds::

    organization.json                       the organisation tree (organization.py), optional
    policies/*.json                         SCPs and RCPs that organization.json names
    accounts/<ACCOUNT>/iam.json             that account's authorization details
    accounts/<ACCOUNT>/resources/*.json     resource policies: {"Arn": ..., "Policy": {...}} or a list of them
    accounts/<ACCOUNT>/templates/           CloudFormation templates or a Terraform module: their resource
                                            policies (access/templates.py says which join the snapshot)

Malformed input raises `InputError` at its file:line:col. Nothing needs
credentials or the network.
"""

from __future__ import annotations

import re
from pathlib import Path

from verifier.errors import InputError
from verifier.load import read_bytes
from verifier.policy.access.fields import Fields
from verifier.policy.access.iam_details import read_iam
from verifier.policy.access.model import Resource, Snapshot, kind_of
from verifier.policy.access.organization import read_organization
from verifier.policy.jsonpos import JValue, parse_json
from verifier.policy.parse import decode


def load_snapshot(path: str) -> Snapshot:
    """The snapshot at `path` (a file or a directory)."""
    p = Path(path)
    if not p.exists():
        raise InputError(path, 0, 0, "no such file or directory", "file")
    labels: dict[tuple[str, int, int], str] = {}
    if p.is_file():
        identities, resources, account = read_iam(path, labels)
        snap = Snapshot(path, frozenset({account} if account else {i.account for i in identities}), labels=labels)
        _add(snap, identities, resources)
        return snap
    org = read_organization(str(p / "organization.json"), labels) if (p / "organization.json").is_file() else None
    accounts_dir = p / "accounts"
    if not accounts_dir.is_dir():
        raise InputError(path, 0, 0, 'a snapshot directory needs an "accounts" folder (accounts/<ACCOUNT>/iam.json)', "file")
    snap = Snapshot(path, frozenset(), organization=org, labels=labels)
    accounts = set()
    for folder in sorted(accounts_dir.iterdir()):
        if not folder.is_dir():
            continue
        if not re.fullmatch(r"\d{12}", folder.name):
            raise InputError(str(folder), 0, 0, "an account folder must be named by its 12-digit account number", "file")
        accounts.add(folder.name)
        iam = folder / "iam.json"
        if iam.is_file():
            identities, resources, _ = read_iam(str(iam), labels)
            for ident in identities:
                if ident.account != folder.name:
                    raise InputError(str(iam), 0, 0, f"{ident.arn} is not in account {folder.name}", "file")
            _add(snap, identities, resources)
        for file in sorted((folder / "resources").glob("*.json")) if (folder / "resources").is_dir() else ():
            _add(snap, [], read_resources(str(file), folder.name, labels))
        if (folder / "templates").is_dir():
            from verifier.policy.access.templates import template_resources

            placed, unplaced = template_resources(str(folder / "templates"), folder.name, labels)
            _add(snap, [], placed)
            snap.unplaced += unplaced
    snap.accounts = frozenset(accounts)
    return snap


def read_resources(path: str, account: str, labels: dict[tuple[str, int, int], str]) -> list[Resource]:
    """The resource policies of one file: {"Arn": ..., "Policy": {...}} or a list of such objects."""
    doc = parse_json(decode(read_bytes(path, path), path), path)
    fields = Fields(path)
    items = doc.items if hasattr(doc, "items") else (doc,)
    out = []
    for item in items:  # type: ignore[union-attr]
        out.append(_resource(fields, item, account))
    labels.update(fields.labels)
    return out


def _resource(fields: Fields, item: JValue, account: str) -> Resource:
    entry = fields.obj(item, "a resource policy entry")
    arn_node = fields.need(entry, "Arn", item, "a resource policy entry")
    arn = fields.string(arn_node, "Arn")
    parts = arn.split(":")
    if len(parts) < 6 or parts[0] != "arn":
        raise fields.error(arn_node, f'"{arn}" is not an ARN')
    if re.fullmatch(r"\d{12}", parts[4]) and parts[4] != account:
        raise fields.error(arn_node, f"{arn} names account {parts[4]}, but the file is in account {account}'s folder")
    policy = fields.policy(fields.need(entry, "Policy", item, "a resource policy entry"), f"resource policy of {arn}")
    return Resource(arn, account, policy, kind_of(arn))


def _add(snap: Snapshot, identities: list, resources: list[Resource]) -> None:
    for ident in identities:
        snap.identities[ident.arn] = ident
    for res in resources:
        snap.resources[res.arn] = res
