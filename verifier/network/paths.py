"""Every way a packet could go from a source to an endpoint, as hops, following AWS's documented semantics.

The semantics, from the Amazon VPC User Guide (https://docs.aws.amazon.com/vpc/latest/userguide/),
pages cited 2026-12-04 (quoted from the pages as known then; not re-fetched):

- Security groups are stateful allow-lists: a rule only allows, a packet is admitted when
  some rule of some group of the interface matches it, and "if you send a request from your
  instance, the response traffic for that request is allowed to flow in regardless of inbound
  security group rules" (and the other way round) -- so a group is checked once, in the
  direction the connection starts (vpc-security-groups.html, security-group-rules.html). A rule
  naming another group matches traffic from the private addresses of interfaces in that group.
- Network ACLs are stateless and ordered: "rules are evaluated starting with the lowest numbered
  rule ... as soon as a rule matches traffic, it's applied regardless of any higher-numbered rule
  that might contradict it", a custom ACL ends in a rule that denies everything, a subnet
  without an association uses the VPC's default ACL, which allows all traffic, and the response
  must be allowed by the rules of its own direction (its destination port is the client's
  ephemeral port) (vpc-network-acls.html, nacl-rules.html). Traffic inside one subnet does not
  cross its ACL.
- Route tables: "we use the most specific route in your route table that matches the traffic"
  (route-table-options.html, longest prefix match); every table has the local route for the
  VPC's range; a subnet without an association uses the main route table.
- The internet: an instance is reachable from the internet when it has a public IPv4 address
  and its subnet's route table routes the traffic (and so the response) to an internet gateway
  attached to the VPC (VPC_Internet_Gateway.html).
- A NAT gateway lets instances in a private subnet reach the internet, but "external services
  cannot initiate a connection with those instances"; it sits in a subnet whose route table
  must send the traffic to an internet gateway, and rewrites the source to its own public
  address and a port 1024-65535 (vpc-nat-gateway.html, nat-gateway-basics.html).
- VPC peering: traffic flows only when the route tables on both sides route the other VPC's
  addresses to the peering connection (peering/vpc-peering-routing.html); security groups may
  name groups of the peer VPC (peering/vpc-peering-security-groups.html).
- Elastic Load Balancing: a load balancer accepts connections on its listeners' ports only;
  an internet-facing one has public addresses in each of its subnets
  (elasticloadbalancing/latest/application/load-balancer-listeners.html).
- Amazon RDS: a DB instance listens on its port, in one subnet of its DB subnet group that
  RDS chooses (and may change on failover); it has a public address only when publicly
  accessible (AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html).

A route to a gateway this module does not follow (transit gateway, virtual private gateway,
endpoint, instance, interface) or a value it cannot read makes the step it decides an
`UnknownHop` or a free choice, so an answer that depends on it is unknown.
"""

from __future__ import annotations

from itertools import count

from verifier.network.addresses import NAT_PORTS, Cidr, usable
from verifier.network.hops import (AclHop, Domain, GroupHop, Hop, ListenerHop, Path, PlacedHop, RouteHop, UnknownHop)
from verifier.network.ir import Endpoint, Interface, Network, Target, Unknown

INTERNET = "internet"
#: the target standing for any gateway the paths do not follow (transit gateways, appliances, ...)
ELSEWHERE = Target("elsewhere", "")
_PUBLIC = Domain(0, 0xFFFFFFFF, public=True)


class _Keys:
    """Hop keys unique within one question (the free booleans of unknown rules are named after them)."""

    def __init__(self) -> None:
        self._next = count()

    def __call__(self) -> str:
        return f"h{next(self._next)}"


def private_var(endpoint: str, index: int) -> str:
    return f"private {endpoint}#{index}"


def public_var(endpoint: str, index: int) -> str:
    return f"public {endpoint}#{index}"


def internet_paths(net: Network, target: Endpoint, keys: _Keys | None = None) -> list[Path]:
    """Paths of packets from the internet to `target` (a public address, an internet gateway route)."""
    keys = keys or _Keys()
    paths = []
    for j, face in enumerate(target.interfaces):
        for arrival in _arrivals(net, target, j, face, INTERNET, (), "sport", keys):
            path = Path(INTERNET, target.id, INTERNET, public_var(target.id, j), arrival,
                        {public_var(target.id, j): _PUBLIC}, via="the internet")
            paths.append(_placed(path, [(target, j)], keys))
    return paths


def _placed(path: Path, ends: list[tuple[Endpoint, int]], keys: _Keys) -> Path:
    """`path` for endpoints placed in one subnet of several (a database): only when AWS placed it at
    that interface's subnet."""
    hops: list[Hop] = []
    domains = dict(path.domains)
    for endpoint, index in ends:
        if endpoint.placed_once and len(endpoint.interfaces) > 1:
            var = f"placed {endpoint.id}"
            hops.append(PlacedHop(keys(), var, index))
            domains[var] = Domain(0, len(endpoint.interfaces) - 1)
    if not hops:
        return path
    return Path(path.source, path.target, path.src, path.dst, tuple(hops) + path.hops, domains, path.via)


def paths_between(net: Network, source: Endpoint, target: Endpoint, keys: _Keys | None = None) -> list[Path]:
    """Paths from `source` to `target`: privately (one VPC, a peering, a gateway we do not follow),
    or through the internet to `target`'s public address (directly or through a NAT gateway)."""
    keys = keys or _Keys()
    paths: list[Path] = []
    for i, a in enumerate(source.interfaces):
        for j, b in enumerate(target.interfaces):
            found = _private(net, source, i, a, target, j, b, keys)
            found += _through_internet(net, source, i, a, target, j, b, keys)
            paths += [_placed(p, [(source, i), (target, j)], keys) for p in found]
    return paths


def _subnet_vpc(net: Network, face: Interface):
    subnet = net.subnets.get(face.subnet)
    vpc = net.vpcs.get(subnet.vpc) if subnet and subnet.vpc else None
    return subnet, vpc


def _address_domain(net: Network, face: Interface) -> Domain:
    """Where AWS may place the interface's private address (anywhere if its subnet's prefix is unknown)."""
    if face.address is not None:
        return Domain(face.address, face.address)
    subnet = net.subnets.get(face.subnet)
    if subnet and isinstance(subnet.cidr, Cidr):
        return Domain(*usable(subnet.cidr))
    return Domain(0, 0xFFFFFFFF)


def _groups(net: Network, face: Interface) -> tuple:
    return tuple(net.groups[g] for g in face.groups if g in net.groups)


def _acl(net: Network, subnet_id: str):
    """The subnet's network ACL; None for the VPC's default ACL as AWS creates it (allows everything)."""
    subnet = net.subnets[subnet_id]
    vpc = net.vpcs.get(subnet.vpc or "")
    chosen = subnet.acl or (vpc.default_acl if vpc else None)
    return net.acls.get(chosen) if chosen else None


def _table(net: Network, subnet_id: str):
    """The subnet's route table; None for the VPC's main table as AWS creates it (the local route only)."""
    subnet = net.subnets[subnet_id]
    vpc = net.vpcs.get(subnet.vpc or "")
    chosen = subnet.route_table or (vpc.main_table if vpc else None)
    return net.route_tables.get(chosen) if chosen else None


def _unknown_place(face: Interface, key: str) -> list[Hop]:
    return [UnknownHop(key, Unknown(f"the subnet {face.subnet} is not in the template", face.loc))]


def _arrivals(net: Network, target: Endpoint, j: int, face: Interface, peer: str, peer_groups: tuple[str, ...],
              reply_port: str, keys: _Keys) -> list[tuple[Hop, ...]]:
    """The hops of a packet from a public source `peer` arriving at `face`'s public address, and of
    its reply (one list per internet gateway of the VPC; none without a public address)."""
    subnet, vpc = _subnet_vpc(net, face)
    label = f"{target.id}#{j}"
    if face.public is False:
        return []
    if subnet is None or vpc is None:
        return [tuple(_unknown_place(face, keys()))]
    head: list[Hop] = [UnknownHop(keys(), face.public)] if isinstance(face.public, Unknown) else []
    if vpc.ingress_routing is not None:
        head.append(UnknownHop(keys(), vpc.ingress_routing))
    out = []
    for gateway in vpc.gateways:
        hops: list[Hop] = list(head)
        hops.append(AclHop(keys(), subnet.id, _acl(net, subnet.id), False, peer, "dport"))
        if target.filtered:
            hops.append(GroupHop(keys(), label, face.groups, _groups(net, face), False, peer, peer_groups))
        if target.listeners is not None:
            hops.append(ListenerHop(keys(), target.id, tuple(target.listeners)))
        hops.append(RouteHop(keys(), subnet.id, _table(net, subnet.id), vpc, peer, Target("igw", gateway)))
        hops.append(AclHop(keys(), subnet.id, _acl(net, subnet.id), True, peer, reply_port))
        out.append(tuple(hops))
    return out


def _private(net: Network, source: Endpoint, i: int, a: Interface, target: Endpoint, j: int, b: Interface,
             keys: _Keys) -> list[Path]:
    sa, va = _subnet_vpc(net, a)
    sb, vb = _subnet_vpc(net, b)
    src, dst = private_var(source.id, i), private_var(target.id, j)
    domains = {src: _address_domain(net, a), dst: _address_domain(net, b)}
    if sa is None or va is None or sb is None or vb is None:
        hops = tuple(_unknown_place(a if sa is None or va is None else b, keys()))
        return [Path(source.id, target.id, src, dst, hops, domains, via="an unknown subnet")]
    if va.id == vb.id:
        ways = [(Target("local", va.id), Target("local", vb.id), f"VPC {va.id}")]
    else:
        ways = [(Target("peering", p.id), Target("peering", p.id), f"peering {p.id}")
                for p in net.peerings.values() if set(p.vpcs) == {va.id, vb.id}]
        ways.append((ELSEWHERE, ELSEWHERE, "a gateway not followed"))
    paths = []
    crossing = sa.id != sb.id
    for there, back, via in ways:
        hops: list[Hop] = []
        if source.filtered:
            hops.append(GroupHop(keys(), f"{source.id}#{i}", a.groups, _groups(net, a), True, dst, b.groups))
        hops.append(RouteHop(keys(), sa.id, _table(net, sa.id), va, dst, there))
        if crossing:
            hops.append(AclHop(keys(), sa.id, _acl(net, sa.id), True, dst, "dport"))
            hops.append(AclHop(keys(), sb.id, _acl(net, sb.id), False, src, "dport"))
        if target.filtered:
            hops.append(GroupHop(keys(), f"{target.id}#{j}", b.groups, _groups(net, b), False, src, a.groups))
        if target.listeners is not None:
            hops.append(ListenerHop(keys(), target.id, tuple(target.listeners)))
        hops.append(RouteHop(keys(), sb.id, _table(net, sb.id), vb, src, back))
        if crossing:
            hops.append(AclHop(keys(), sb.id, _acl(net, sb.id), True, src, "sport"))
            hops.append(AclHop(keys(), sa.id, _acl(net, sa.id), False, dst, "sport"))
        paths.append(Path(source.id, target.id, src, dst, tuple(hops), domains, via=via))
    return paths


def _through_internet(net: Network, source: Endpoint, i: int, a: Interface, target: Endpoint, j: int,
                      b: Interface, keys: _Keys) -> list[Path]:
    """`source` reaching `target`'s public address: from its own public address through an internet
    gateway, or through a NAT gateway (the reply then comes back to the NAT's port)."""
    sa, va = _subnet_vpc(net, a)
    if sa is None or va is None or b.public is False:
        return []
    dst = public_var(target.id, j)
    private = private_var(source.id, i)
    paths = []
    if a.public is not False:
        leave: list[Hop] = [UnknownHop(keys(), a.public)] if isinstance(a.public, Unknown) else []
        if source.filtered:
            leave.append(GroupHop(keys(), f"{source.id}#{i}", a.groups, _groups(net, a), True, dst, ()))
        for gateway in va.gateways:
            hops = leave + [RouteHop(keys(), sa.id, _table(net, sa.id), va, dst, Target("igw", gateway)),
                            AclHop(keys(), sa.id, _acl(net, sa.id), True, dst, "dport"),
                            AclHop(keys(), sa.id, _acl(net, sa.id), False, dst, "sport")]
            src = public_var(source.id, i)
            for arrival in _arrivals(net, target, j, b, src, (), "sport", keys):
                paths.append(Path(source.id, target.id, src, dst, tuple(hops) + arrival,
                                  {src: _PUBLIC, dst: _PUBLIC}, via="its public address and the internet"))
    for nat in net.nats.values():
        sn = net.subnets.get(nat.subnet)
        vn = net.vpcs.get(sn.vpc) if sn and sn.vpc else None
        if not nat.public or sn is None or vn is None or vn.id != va.id:
            continue
        src, port = f"public {nat.id}", f"nat-port {nat.id}"
        hops: list[Hop] = []
        if source.filtered:
            hops.append(GroupHop(keys(), f"{source.id}#{i}", a.groups, _groups(net, a), True, dst, ()))
        hops.append(RouteHop(keys(), sa.id, _table(net, sa.id), va, dst, Target("nat", nat.id)))
        if sa.id != sn.id:
            hops += [AclHop(keys(), sa.id, _acl(net, sa.id), True, dst, "dport"),
                     AclHop(keys(), sn.id, _acl(net, sn.id), False, private, "dport")]
        for gateway in va.gateways:
            out = hops + [AclHop(keys(), sn.id, _acl(net, sn.id), True, dst, "dport"),
                          RouteHop(keys(), sn.id, _table(net, sn.id), vn, dst, Target("igw", gateway)),
                          AclHop(keys(), sn.id, _acl(net, sn.id), False, dst, port)]
            if sa.id != sn.id:
                out += [AclHop(keys(), sn.id, _acl(net, sn.id), True, private, "sport"),
                        AclHop(keys(), sa.id, _acl(net, sa.id), False, dst, "sport")]
            domains = {src: _PUBLIC, dst: _PUBLIC, port: Domain(*NAT_PORTS), private: _address_domain(net, a)}
            for arrival in _arrivals(net, target, j, b, src, (), port, keys):
                paths.append(Path(source.id, target.id, src, dst, tuple(out) + arrival, domains,
                                  via=f"NAT gateway {nat.id} and the internet"))
    return paths


def new_keys() -> _Keys:
    """A fresh source of hop keys for one question."""
    return _Keys()
