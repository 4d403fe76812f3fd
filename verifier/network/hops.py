"""The hops of a path: the checks a packet passes on its way and on the way back.

A hop names the variables it reads: packet fields (``proto``, ``sport``,
``dport``), the source the internet chooses (``internet``) and values AWS
assigns at deployment (``private X#i``, ``public X#i``, ``public N``,
``nat-port N``; `Path.domains` says which values each may take). Parts of a
rule we cannot read are free booleans named by `unknown_name`: both the
encoder and the evaluator read them from there, so a witness can set them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from verifier.network.addresses import Cidr
from verifier.network.ir import (Acl, AclEntry, GroupRule, Listener, Route, RouteTable, SecurityGroup, Target, Unknown,
                                 Vpc)

#: the packet fields a question chooses
PACKET = ("proto", "sport", "dport")


@dataclass(frozen=True)
class GroupHop:
    """The security groups of interface `interface` admit the packet (ingress or egress).
    `groups` are the group ids; one missing from `known` is not in the template."""

    key: str
    interface: str
    groups: tuple[str, ...]
    known: tuple[SecurityGroup, ...]
    egress: bool
    peer: str
    peer_groups: tuple[str, ...]
    port: str = "dport"


@dataclass(frozen=True)
class AclHop:
    """The network ACL of `subnet` (None: the VPC's default ACL) lets the packet in or out;
    `remote` is the address at the other end, `port` the packet's destination port."""

    key: str
    subnet: str
    acl: Acl | None
    egress: bool
    remote: str
    port: str


@dataclass(frozen=True)
class RouteHop:
    """The route table of `subnet` (None: the VPC's main table) sends `destination` to `expect`."""

    key: str
    subnet: str
    table: RouteTable | None
    vpc: Vpc
    destination: str
    expect: Target


@dataclass(frozen=True)
class ListenerHop:
    """A load balancer accepts only packets for one of its listeners."""

    key: str
    endpoint: str
    listeners: tuple[Listener, ...]


@dataclass(frozen=True)
class UnknownHop:
    """A step we cannot read (an unknown public IP, a gateway we do not follow): it may pass or not."""

    key: str
    what: Unknown


@dataclass(frozen=True)
class PlacedHop:
    """The endpoint is placed in the subnet of interface `index` (AWS chooses: variable `var`)."""

    key: str
    var: str
    index: int


Hop = GroupHop | AclHop | RouteHop | ListenerHop | UnknownHop | PlacedHop


@dataclass(frozen=True)
class Domain:
    """Values an assigned variable may take: an address in `cidr` between `low` and `high`,
    a public address (`public`), or a number between `low` and `high`."""

    low: int
    high: int
    public: bool = False


@dataclass(frozen=True)
class Path:
    """One way from `source` to `target`: `hops` in order (request, then response), the
    variables holding the packet's source and destination addresses, what the
    destination's reply port is, and the domains of assigned variables."""

    source: str
    target: str
    src: str
    dst: str
    hops: tuple[Hop, ...]
    domains: dict[str, Domain] = field(default_factory=dict, hash=False, compare=False)
    via: str = ""


def unknown_name(hop_key: str, part: str) -> str:
    """The free boolean standing for part `part` of hop `hop_key` where we cannot read it."""
    return f"unknown {hop_key}.{part}"


def group_rules(hop: GroupHop) -> list[tuple[str, str, GroupRule | None]]:
    """(part, group id, rule) for each rule of the hop's direction; rule None for a group not in the template."""
    known = {g.id: g for g in hop.known}
    out: list[tuple[str, str, GroupRule | None]] = []
    for n, gid in enumerate(hop.groups):
        group = known.get(gid)
        if group is None:
            out.append((f"g{n}", gid, None))
            continue
        out += [(f"g{n}r{k}", gid, r) for k, r in enumerate(group.rules) if r.egress == hop.egress]
    return out


def acl_entries(hop: AclHop) -> list[tuple[str, AclEntry]]:
    """(part, entry) for the ACL's entries of the hop's direction, lowest rule number first."""
    if hop.acl is None:
        return []
    entries = [e for e in hop.acl.entries if e.egress == hop.egress]
    return [(f"e{k}", e) for k, e in enumerate(sorted(entries, key=lambda e: e.number))]


def ranked_routes(hop: RouteHop) -> list[tuple[str, Route]]:
    """(part, route) most specific first; routes of unknown prefix first of all (they may be the most
    specific), in template order among equals."""
    routes = list(enumerate(all_routes(hop.table, hop.vpc)))
    routes.sort(key=lambda ir: -1 if ir[1].destination is None else 32 - ir[1].destination.length)
    return [(f"r{i}", r) for i, r in routes]


def all_routes(table: RouteTable | None, vpc: Vpc) -> list[Route]:
    """The routes of `table` with the VPC's local route every table has (None: the VPC's main
    table as a template leaves it, the local route only). A local route of an unknown prefix
    carries that unknown."""
    cidr = vpc.cidr if isinstance(vpc.cidr, Cidr) else None
    local = Route(cidr, Target("local", vpc.id), vpc.loc, None if cidr else vpc.cidr)  # type: ignore[arg-type]
    return [local, *(table.routes if table else ())]
