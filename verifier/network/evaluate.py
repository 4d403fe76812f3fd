"""The referee: does one concrete packet pass each hop of a path, and by which rule?

Written apart from the z3 encoding (encode.py), from the same documented semantics
(paths.py): plain integers, first-match ACLs, longest-prefix routes. An assignment
maps every variable a path reads (packet fields, assigned addresses and ports, and
the free booleans of unknown rules, `hops.unknown_name`) to a value; a free boolean
left out counts as false.
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.network.addresses import ANY_PROTOCOL, PORTED, protocol_name
from verifier.network.hops import (AclHop, GroupHop, Hop, ListenerHop, Path, PlacedHop, RouteHop, UnknownHop, acl_entries,
                                   group_rules, ranked_routes, unknown_name)
from verifier.network.ir import FOLLOWED_TARGETS, Ports
from verifier.result import Location

Assignment = dict[str, int]


@dataclass(frozen=True)
class Step:
    """One hop of a concrete packet: what it is, whether it passed, the rule that decided and where."""

    hop: str
    passed: bool
    rule: str
    loc: Location | None

    def to_json(self) -> dict:
        where = self.loc.to_json() if self.loc else None
        return {"hop": self.hop, "passed": self.passed, "rule": self.rule, "location": where}


def matches_protocol(rule_protocol: int, ports: Ports | None, protocol: int, port: int) -> bool:
    """A rule's protocol and port range against a packet's (ports only count for TCP and UDP rules)."""
    if rule_protocol == ANY_PROTOCOL:
        return True
    if rule_protocol != protocol:
        return False
    return ports is None or rule_protocol not in PORTED or ports.low <= port <= ports.high


def step(hop: Hop, values: Assignment) -> Step:
    """Does the packet described by `values` pass `hop`?"""
    free = lambda part: bool(values.get(unknown_name(hop.key, part), 0))  # noqa: E731
    proto = values["proto"]
    if isinstance(hop, GroupHop):
        side = "egress" if hop.egress else "ingress"
        name = f"security groups of {hop.interface} ({side})"
        port, peer = values[hop.port], values[hop.peer]
        for part, gid, rule in group_rules(hop):
            if rule is None:
                if free(part):
                    return Step(name, True, f"group {gid} (not in the template) may allow it", None)
                continue
            if not matches_protocol(rule.protocol, rule.ports, proto, port):
                continue
            if rule.peer is None:
                ok = free(part)
            elif hasattr(rule.peer, "group"):
                ok = rule.peer.group in hop.peer_groups
            else:
                ok = rule.peer.contains(peer)
            if ok and (rule.unknown is None or free(part)):
                return Step(name, True, f"{gid}: {_rule_text(rule)}", rule.loc)
        return Step(name, False, "no rule of " + (", ".join(hop.groups) or "its groups") + " allows it", None)
    if isinstance(hop, AclHop):
        name = f"network ACL of {hop.subnet} ({'outbound' if hop.egress else 'inbound'})"
        if hop.acl is None:
            return Step(name, True, "the VPC's default ACL allows all traffic", None)
        port, remote = values[hop.port], values[hop.remote]
        for part, e in acl_entries(hop):
            if not matches_protocol(e.protocol, e.ports, proto, port):
                continue
            ok = e.cidr.contains(remote) if e.cidr is not None else free(part)
            if ok and (e.unknown is None or free(part)):
                allow = e.allow if e.allow is not None else free(part + "a")
                return Step(name, allow, f"{hop.acl.id} rule {e.number} {'allow' if allow else 'deny'} "
                                         f"{_acl_text(e)}", e.loc)
        return Step(name, False, f"{hop.acl.id}: no rule matches (the final * rule denies)", hop.acl.loc)
    if isinstance(hop, RouteHop):
        name = f"route table of {hop.subnet}" + ("" if hop.table else " (the VPC's main table)")
        address = values[hop.destination]
        for part, route in ranked_routes(hop):
            hit = route.destination.contains(address) if route.destination is not None else free(part)
            if not hit:
                continue
            target = route.target
            where = f"{route.destination or route.unknown} -> {target or route.unknown}"
            if target == hop.expect:
                return Step(name, True, where, route.loc)
            if (target is None or target.kind not in FOLLOWED_TARGETS) and free(part + "t"):
                return Step(name, True, f"{where} (not followed: it may deliver it)", route.loc)
            return Step(name, False, f"{where}, not {hop.expect}", route.loc)
        return Step(name, False, "no route matches", hop.table.loc if hop.table else None)
    if isinstance(hop, ListenerHop):
        name = f"listeners of {hop.endpoint}"
        for listener in hop.listeners:
            if listener.protocol == proto and listener.port == values["dport"]:
                return Step(name, True, f"{protocol_name(proto)} {listener.port}", listener.loc)
        return Step(name, False, "no listener on that port", None)
    if isinstance(hop, PlacedHop):
        return Step(f"placement of {hop.var.removeprefix('placed ')}", values[hop.var] == hop.index,
                    f"in the subnet of its interface #{hop.index}", None)
    assert isinstance(hop, UnknownHop)
    return Step(str(hop.what.what), free(""), "unknown", hop.what.loc)


def walk(path: Path, values: Assignment) -> list[Step]:
    """The steps of the packet along `path`, up to and including the first that stops it."""
    steps = []
    for hop in path.hops:
        s = step(hop, values)
        steps.append(s)
        if not s.passed:
            break
    return steps


def passes(path: Path, values: Assignment) -> bool:
    return all(step(h, values).passed for h in path.hops)


def _rule_text(rule) -> str:
    peer = rule.peer if rule.peer is not None else rule.unknown
    peer_text = f"group {peer.group}" if hasattr(peer, "group") else str(peer)
    ports = f" {rule.ports}" if rule.ports is not None and rule.protocol in PORTED else ""
    return f"{'to' if rule.egress else 'from'} {peer_text} {protocol_name(rule.protocol)}{ports}"


def _acl_text(e) -> str:
    ports = f" {e.ports}" if e.ports is not None and e.protocol in PORTED else ""
    return f"{e.cidr if e.cidr is not None else e.unknown} {protocol_name(e.protocol)}{ports}"
