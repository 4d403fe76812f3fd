"""Paths as z3 formulas: addresses are 32-bit, ports 16-bit and protocols 8-bit bit-vectors.

The same semantics as the evaluator (paths.py cites them): a security-group hop is
an OR over rules, an ACL hop an if-then-else chain in rule-number order ending in
deny, a route hop an if-then-else chain from the most specific prefix. Free booleans
(`hops.unknown_name`) stand for the parts of rules we cannot read.
"""

from __future__ import annotations

import z3

from verifier.network.addresses import ANY_PROTOCOL, PORTED, Cidr
from verifier.network.hops import (AclHop, Domain, GroupHop, Hop, ListenerHop, Path, PlacedHop, RouteHop, UnknownHop,
                                   acl_entries, group_rules, ranked_routes, unknown_name)
from verifier.network.ir import FOLLOWED_TARGETS, Ports


def width(name: str) -> int | None:
    """The bit width of a variable (None: a free boolean)."""
    if name.startswith("unknown "):
        return None
    if name == "proto" or name.startswith("placed "):
        return 8
    if name in ("sport", "dport") or name.startswith("nat-port "):
        return 16
    return 32


class Encoder:
    """Builds formulas over one shared set of z3 constants, named as the variables."""

    def __init__(self) -> None:
        self.vars: dict[str, z3.ExprRef] = {}

    def var(self, name: str) -> z3.ExprRef:
        if name not in self.vars:
            bits = width(name)
            self.vars[name] = z3.Bool(name) if bits is None else z3.BitVec(name, bits)
        return self.vars[name]

    def path(self, path: Path) -> z3.BoolRef:
        return z3.And([self.hop(h) for h in path.hops])

    def domain(self, name: str, domain: Domain) -> z3.BoolRef:
        """The values an assigned variable may take."""
        v = self.var(name)
        if domain.public:
            return self.internet(v)
        return z3.And(z3.UGE(v, domain.low), z3.ULE(v, domain.high))

    def internet(self, v: z3.ExprRef) -> z3.BoolRef:
        from verifier.network.addresses import NOT_INTERNET

        return z3.And([z3.Not(_in(v, c)) for c in NOT_INTERNET])

    def hop(self, hop: Hop) -> z3.BoolRef:
        free = lambda part: self.var(unknown_name(hop.key, part))  # noqa: E731
        proto = self.var("proto")
        if isinstance(hop, GroupHop):
            port, peer = self.var(hop.port), self.var(hop.peer)
            options = []
            for part, _gid, rule in group_rules(hop):
                if rule is None:
                    options.append(free(part))
                    continue
                if rule.peer is None:
                    who = free(part)
                elif hasattr(rule.peer, "group"):
                    who = z3.BoolVal(rule.peer.group in hop.peer_groups)
                else:
                    who = _in(peer, rule.peer)
                extra = free(part) if rule.unknown is not None else z3.BoolVal(True)
                options.append(z3.And(_protocol(rule.protocol, rule.ports, proto, port), who, extra))
            return z3.Or(options) if options else z3.BoolVal(False)
        if isinstance(hop, AclHop):
            if hop.acl is None:
                return z3.BoolVal(True)
            port, remote = self.var(hop.port), self.var(hop.remote)
            decision: z3.BoolRef = z3.BoolVal(False)
            for part, e in reversed(acl_entries(hop)):
                where = _in(remote, e.cidr) if e.cidr is not None else free(part)
                extra = free(part) if e.unknown is not None else z3.BoolVal(True)
                hit = z3.And(_protocol(e.protocol, e.ports, proto, port), where, extra)
                action = z3.BoolVal(e.allow) if e.allow is not None else free(part + "a")
                decision = z3.If(hit, action, decision)
            return decision
        if isinstance(hop, RouteHop):
            address = self.var(hop.destination)
            decision = z3.BoolVal(False)
            for part, route in reversed(ranked_routes(hop)):
                hit = _in(address, route.destination) if route.destination is not None else free(part)
                target = route.target
                if target == hop.expect:
                    chosen: z3.BoolRef = z3.BoolVal(True)
                elif target is None or target.kind not in FOLLOWED_TARGETS:
                    chosen = free(part + "t")
                else:
                    chosen = z3.BoolVal(False)
                decision = z3.If(hit, chosen, decision)
            return decision
        if isinstance(hop, ListenerHop):
            dport = self.var("dport")
            return z3.Or([z3.And(proto == l.protocol, dport == l.port) for l in hop.listeners]) \
                if hop.listeners else z3.BoolVal(False)
        if isinstance(hop, PlacedHop):
            return self.var(hop.var) == hop.index
        assert isinstance(hop, UnknownHop)
        return free("")


def _in(address: z3.ExprRef, cidr: Cidr) -> z3.BoolRef:
    return address & cidr.mask == cidr.network


def _protocol(rule_protocol: int, ports: Ports | None, proto: z3.ExprRef, port: z3.ExprRef) -> z3.BoolRef:
    if rule_protocol == ANY_PROTOCOL:
        return z3.BoolVal(True)
    same = proto == rule_protocol
    if ports is None or rule_protocol not in PORTED:
        return same
    return z3.And(same, z3.UGE(port, ports.low), z3.ULE(port, ports.high))
