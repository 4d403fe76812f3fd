"""The z3 encoding of network paths agrees with the concrete evaluator, on random networks and packets."""

from __future__ import annotations

import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.deadline import Deadline
from verifier.network.addresses import ANY_PROTOCOL, ICMP, TCP, UDP, Cidr, is_internet
from verifier.network.encode import Encoder, width
from verifier.network.evaluate import passes, step
from verifier.network.ir import (Acl, AclEntry, Endpoint, GroupRef, GroupRule, Interface, Listener, NatGateway,
                                 Network, Peering, Ports, Route, RouteTable, SecurityGroup, Subnet, Target, Unknown,
                                 Vpc)
from verifier.network.paths import internet_paths, paths_between
from verifier.network.reach import Side, decide
from verifier.result import Location

AT = Location("random.yaml", 1, 1)
PREFIXES = [Cidr(0, 0), Cidr(0x0A000000, 8), Cidr(0x0A000000, 16), Cidr(0x0A000100, 24), Cidr(0x0A000200, 24),
            Cidr(0x0A010000, 16), Cidr(0x01000000, 8), Cidr(0xC0A80000, 16), Cidr(0x0A000105, 32)]
SUBNETS = {"S1": ("V1", Cidr(0x0A000100, 24)), "S2": ("V1", Cidr(0x0A000200, 24)), "S3": ("V2", Cidr(0x0A010100, 24))}
TARGETS = [Target("local", "V1"), Target("igw", "G1"), Target("nat", "N1"), Target("peering", "P1"),
           Target("transit-gateway", "T1"), None]
PROTOCOLS = [ANY_PROTOCOL, TCP, UDP, ICMP, 47]
prefixes = st.one_of(st.sampled_from(PREFIXES), st.none())
ports = st.one_of(st.none(), st.tuples(st.integers(0, 70), st.integers(0, 70)).map(lambda t: Ports(min(t), max(t))))
unknowns = st.one_of(st.none(), st.just(Unknown("a parameter", AT)))


@st.composite
def group_rules(draw, gid):
    peer = draw(st.one_of(prefixes, st.sampled_from([GroupRef("A"), GroupRef("B")])))
    unknown = draw(unknowns) if peer is not None else Unknown("a prefix list", AT)
    return GroupRule(gid, draw(st.booleans()), draw(st.sampled_from(PROTOCOLS)), draw(ports), peer, AT, unknown)


@st.composite
def acl_entries(draw):
    cidr = draw(prefixes)
    unknown = draw(unknowns) if cidr is not None else Unknown("a parameter", AT)
    return AclEntry(draw(st.integers(1, 5)) * 100, draw(st.booleans()), draw(st.sampled_from(PROTOCOLS)),
                    draw(st.sampled_from([True, False, None])), cidr, draw(ports), AT, unknown)


@st.composite
def networks(draw):
    net = Network("random.yaml")
    net.vpcs = {"V1": Vpc("V1", Cidr(0x0A000000, 16), AT, ["G1"] if draw(st.booleans()) else []),
                "V2": Vpc("V2", draw(st.sampled_from([Cidr(0x0A010000, 16), Unknown("a parameter", AT)])), AT, ["G2"])}
    net.gateways = {"G1": "V1", "G2": "V2"}
    for sid, (vpc, cidr) in SUBNETS.items():
        net.subnets[sid] = Subnet(sid, vpc, cidr, AT, False, draw(st.sampled_from([None, f"R{sid}"])),
                                  draw(st.sampled_from([None, f"L{sid}"])))
        routes = [Route(d, t, AT, None if d is not None and t is not None else Unknown("a parameter", AT))
                  for d, t in draw(st.lists(st.tuples(prefixes, st.sampled_from(TARGETS)), max_size=4))]
        net.route_tables[f"R{sid}"] = RouteTable(f"R{sid}", vpc, AT, routes)
        net.acls[f"L{sid}"] = Acl(f"L{sid}", vpc, AT, draw(st.lists(acl_entries(), max_size=4)))
    for gid in ("A", "B"):
        net.groups[gid] = SecurityGroup(gid, "V1", AT, draw(st.lists(group_rules(gid), max_size=4)))
    net.nats = {"N1": NatGateway("N1", "S1", True, AT)}
    net.peerings = {"P1": Peering("P1", ("V1", "V2"), AT)}
    for eid in ("X", "Y"):
        subnet = draw(st.sampled_from(sorted(SUBNETS)))
        public = draw(st.sampled_from([True, False, Unknown("Fn::If", AT)]))
        groups = tuple(draw(st.lists(st.sampled_from(["A", "B", "missing"]), min_size=1, max_size=2, unique=True)))
        listeners = draw(st.one_of(st.none(), st.lists(st.builds(Listener, st.sampled_from([TCP, UDP]),
                                                                 st.integers(0, 70), st.just(AT)), max_size=2)))
        faces = [Interface(subnet, groups, public, None, AT)]
        placed_once = draw(st.booleans())
        if placed_once:  # a database in one of two subnets, AWS's choice
            faces.append(Interface(draw(st.sampled_from(sorted(SUBNETS))), groups, public, None, AT))
        net.endpoints[eid] = Endpoint(eid, "instance", AT, faces, listeners, draw(st.booleans()),
                                      placed_once=placed_once)
    return net


def _value(draw, name: str) -> int:
    bits = width(name)
    if bits is None:
        return draw(st.integers(0, 1))
    if bits == 32:  # addresses: mostly near the prefixes the rules use
        return draw(st.one_of(st.sampled_from([c.network + 5 for c in PREFIXES] + [0x0A000107, 0x08080808]),
                              st.integers(0, 2**32 - 1)))
    if name == "proto":
        return draw(st.sampled_from([TCP, UDP, ICMP, 47, 0]))
    if name.startswith("placed "):
        return draw(st.integers(0, 2))
    return draw(st.one_of(st.integers(0, 70), st.integers(0, 2**bits - 1)))


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.data())
def test_every_hop_encodes_as_the_evaluator_decides_it(net, data):
    paths = internet_paths(net, net.endpoints["Y"]) + paths_between(net, net.endpoints["X"], net.endpoints["Y"])
    for path in paths[:4]:
        enc = Encoder()
        formulas = [enc.hop(h) for h in path.hops]
        values = {name: _value(data.draw, name) for name in enc.vars}
        values.setdefault("proto", TCP)
        pairs = [(v, z3.BoolVal(bool(values[n])) if width(n) is None else z3.BitVecVal(values[n], width(n)))
                 for n, v in enc.vars.items()]
        for hop, formula in zip(path.hops, formulas):
            encoded = z3.is_true(z3.simplify(z3.substitute(formula, *pairs)))
            assert encoded == step(hop, values).passed, (hop, values)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.data())
def test_reachable_replays_depends_shows_a_world_and_unreachable_admits_no_sampled_packet(net, data):
    paths = paths_between(net, net.endpoints["X"], net.endpoints["Y"]) + internet_paths(net, net.endpoints["Y"])
    outcome = decide(Side(paths), None, {}, Deadline.after(20))
    assert outcome.status in ("reachable", "unreachable", "depends")
    if outcome.status == "reachable":
        assert outcome.replayed and passes(outcome.path, outcome.values)
        if "internet" in outcome.values:
            assert is_internet(outcome.values["internet"])
        domains = {n: d for p in paths for n, d in p.domains.items()}
        for _ in range(10):  # the packet passes whatever the deployment assigns: sample other deployments
            world = dict(outcome.values)
            for name in world:
                if name.startswith("unknown "):
                    world[name] = data.draw(st.integers(0, 1))
                elif name in domains and domains[name].public:
                    world[name] = data.draw(st.sampled_from([0x08080808, 0x34010203, 0x01000001]))
                elif name in domains:
                    world[name] = data.draw(st.integers(domains[name].low, domains[name].high))
            assert any(passes(p, world) for p in paths), world
    if outcome.status == "depends":  # some deployment lets the packet through (and, z3 says, some does not)
        assert any(passes(p, outcome.values) for p in paths) and outcome.depends_on
    if outcome.status == "unreachable":
        enc = Encoder()
        for path in paths:
            enc.path(path)
        for _ in range(20):
            values = {name: _value(data.draw, name) for name in enc.vars}
            values.setdefault("proto", TCP)
            assert not any(passes(p, values) for p in paths if _in_domains(p, values))


def _in_domains(path, values) -> bool:
    return all(values.get(n) is None or (is_internet(values[n]) if d.public else d.low <= values[n] <= d.high)
               for n, d in path.domains.items()) and ("internet" not in values or is_internet(values["internet"]))


def test_an_acl_deny_before_an_allow_wins_and_the_reply_needs_its_own_rule():
    deny_first = Acl("L", "V1", AT, [AclEntry(100, False, TCP, False, Cidr(0, 0), Ports(22, 22), AT),
                                     AclEntry(200, False, TCP, True, Cidr(0, 0), Ports(0, 65535), AT),
                                     AclEntry(100, True, ANY_PROTOCOL, True, Cidr(0, 0), None, AT)])
    net = Network("t.yaml", vpcs={"V1": Vpc("V1", Cidr(0x0A000000, 16), AT, ["G1"])}, gateways={"G1": "V1"})
    net.subnets["S1"] = Subnet("S1", "V1", Cidr(0x0A000100, 24), AT, True, "R", "L")
    net.route_tables["R"] = RouteTable("R", "V1", AT, [Route(Cidr(0, 0), Target("igw", "G1"), AT)])
    net.acls["L"] = deny_first
    net.groups["A"] = SecurityGroup("A", "V1", AT, [GroupRule("A", False, TCP, Ports(0, 65535), Cidr(0, 0), AT)])
    net.endpoints["X"] = Endpoint("X", "instance", AT, [Interface("S1", ("A",), True, None, AT)])
    paths = internet_paths(net, net.endpoints["X"])
    blocked = decide(Side(paths), None, {"proto": ((TCP, TCP),), "dport": ((22, 22),)}, Deadline.after(10))
    assert blocked.status == "unreachable"
    allowed = decide(Side(paths), None, {"proto": ((TCP, TCP),), "dport": ((443, 443),)}, Deadline.after(10))
    assert allowed.status == "reachable" and allowed.values["dport"] == 443
    assert [s.rule.split(" ")[2] for s in allowed.steps if s.hop.startswith("network ACL")] == ["200", "100"]
