"""Build the network IR from what a template reader found, with AWS's defaults filled in.

The readers (cfn.py, terraform.py) call one method per resource with values already
read (a value we cannot read is an `Unknown`); `finish` links associations and applies
the documented defaults:

- a security group created by CloudFormation without inline egress rules gets one that allows
  all outbound traffic ("If you do not specify an egress rule, we add egress rules that
  allow IPv4 and IPv6 traffic on all ports and protocols to any destination",
  AWS::EC2::SecurityGroup, CloudFormation User Guide, cited 2026-12-04; whether it stays beside
  AWS::EC2::SecurityGroupEgress resources the page does not say, so it is then unknown); Terraform removes
  that rule ("By default, AWS creates an ALLOW ALL egress rule ... Terraform will remove
  this default rule", registry.terraform.io aws_security_group, cited 2026-12-04);
- an instance's primary interface gets a public IPv4 address when the launch asks for one,
  else when its subnet's MapPublicIpOnLaunch is true, or when an Elastic IP is associated
  (ec2/latest/UserGuide/using-instance-addressing.html, cited 2026-12-04);
- an association naming a route table or ACL the template does not define stands for one
  we cannot read (it may or may not route or allow).
"""

from __future__ import annotations

from verifier.network.addresses import ANY_PROTOCOL, Cidr
from verifier.network.ir import (Acl, AclEntry, Endpoint, GroupRef, GroupRule, Interface, Listener, NatGateway,
                                 Network, Peering, Ports, Route, RouteTable, SecurityGroup, Subnet, Target, Unknown,
                                 Vpc)
from verifier.result import Location

Peer = Cidr | GroupRef | Unknown
Value = Cidr | Unknown


class Builder:
    """Collects the resources of one template and builds its `Network`."""

    def __init__(self, file: str, default_egress: bool) -> None:
        self.net = Network(file)
        self.default_egress = default_egress
        self.inline_egress: set[str] = set()
        self.standalone_egress: set[str] = set()
        self.associations: list[tuple[str, str, str, Location]] = []  # (kind, subnet, id, loc)
        self.public: dict[str, Location] = {}  # instances with an Elastic IP
        self.pending: list[tuple[str, Endpoint, list[dict]]] = []
        self.listeners: list[tuple[str, Listener]] = []
        self.maybe: Unknown | None = None

    def optional(self, what: Unknown | None) -> None:
        """The resources read next exist only under `what` (a condition, count or for_each), or always (None):
        their rules may or may not apply, their endpoints are unknown, anything else leaves every answer unknown."""
        self.maybe = what

    def _structural(self) -> None:
        if self.maybe is not None and self.maybe not in self.net.uncertain:
            self.net.uncertain.append(self.maybe)

    def loc(self, line: int, column: int) -> Location:
        return Location(self.net.file, line, column)

    # ---- resources ----

    def vpc(self, vid: str, cidr: Value, loc: Location) -> None:
        self._structural()
        self.net.vpcs[vid] = Vpc(vid, cidr, loc)

    def subnet(self, sid: str, vpc: str | None, cidr: Value, public: bool | Unknown, loc: Location) -> None:
        self._structural()
        self.net.subnets[sid] = Subnet(sid, vpc, cidr, loc, public)

    def gateway(self, gid: str, vpc: str | None) -> None:
        self._structural()
        self.net.gateways[gid] = vpc

    def route_table(self, tid: str, vpc: str | None, loc: Location, main: bool = False) -> None:
        self.net.route_tables.setdefault(tid, RouteTable(tid, vpc, loc))
        if main and vpc in self.net.vpcs:
            self.net.vpcs[vpc].main_table = tid

    def route(self, tid: str, destination: Value, target: Target | Unknown, loc: Location) -> None:
        table = self.net.route_tables.setdefault(tid, RouteTable(tid, None, loc))
        unknown = destination if isinstance(destination, Unknown) else target if isinstance(target, Unknown) else None
        if self.maybe is not None:  # a route that may not exist: it may or may not match
            destination, unknown = unknown or self.maybe, unknown or self.maybe
        table.routes.append(Route(destination if isinstance(destination, Cidr) else None,
                                  target if isinstance(target, Target) else None, loc, unknown))

    def associate(self, kind: str, subnet: str, other: str, loc: Location) -> None:
        """Subnet `subnet` uses route table (kind "table") or network ACL (kind "acl") `other`."""
        self._structural()
        self.associations.append((kind, subnet, other, loc))

    def acl(self, aid: str, vpc: str | None, loc: Location, default: bool = False) -> None:
        self.net.acls.setdefault(aid, Acl(aid, vpc, loc))
        if default and vpc in self.net.vpcs:
            self.net.vpcs[vpc].default_acl = aid

    def acl_entry(self, aid: str, number: int | Unknown, egress: bool, protocol: int | Unknown, allow: bool | Unknown,
                  cidr: Value, ports: Ports | None | Unknown, loc: Location) -> None:
        """An ACL entry; one whose number or action is unknown could sit anywhere and allow or deny:
        the ACL's answer then depends on it."""
        acl = self.net.acls.setdefault(aid, Acl(aid, None, loc))
        unknown = next((v for v in (number, protocol, allow, cidr, ports) if isinstance(v, Unknown)), self.maybe)
        acl.entries.append(AclEntry(number if isinstance(number, int) else 0, egress,
                                    protocol if isinstance(protocol, int) else ANY_PROTOCOL,
                                    allow if isinstance(allow, bool) else None,
                                    cidr if isinstance(cidr, Cidr) else None,
                                    ports if isinstance(ports, Ports) else None, loc, unknown))

    def group(self, gid: str, vpc: str | None, loc: Location) -> None:
        self.net.groups.setdefault(gid, SecurityGroup(gid, vpc, loc))

    def group_rule(self, gid: str, egress: bool, protocol: int | Unknown, ports: Ports | None | Unknown, peer: Peer,
                   loc: Location, inline: bool = True) -> None:
        """A security-group rule; an inline egress rule replaces the default egress rule."""
        group = self.net.groups.setdefault(gid, SecurityGroup(gid, None, loc))
        self.mark_egress(gid, egress, inline)
        unknown = next((v for v in (protocol, ports, peer) if isinstance(v, Unknown)), self.maybe)
        group.rules.append(GroupRule(gid, egress, protocol if isinstance(protocol, int) else ANY_PROTOCOL,
                                     ports if isinstance(ports, Ports) else None,
                                     peer if isinstance(peer, (Cidr, GroupRef)) else None, loc, unknown))

    def mark_egress(self, gid: str, egress: bool, inline: bool) -> None:
        """The group has an egress rule (read or not, e.g. IPv6): inline ones replace the default rule."""
        if egress:
            (self.inline_egress if inline else self.standalone_egress).add(gid)

    def note(self, what: Unknown) -> None:
        """Something that may add reachability we do not model (IPv6, an address on an interface we do
        not read): a yes that could depend on it becomes unknown."""
        self.net.notes.append(what)

    def secondary_cidr(self, vid: str, loc: Location) -> None:
        """A VPC with more than one IPv4 block: its local routes cover addresses we do not model."""
        if vid in self.net.vpcs:
            self.net.vpcs[vid].cidr = Unknown("a VPC with a secondary CIDR block", loc)

    def nat(self, nid: str, subnet: str, public: bool, loc: Location) -> None:
        self._structural()
        self.net.nats[nid] = NatGateway(nid, subnet, public, loc)

    def peering(self, pid: str, a: str | None, b: str | None, loc: Location) -> None:
        self._structural()
        if a and b:
            self.net.peerings[pid] = Peering(pid, (a, b), loc)

    def elastic_ip(self, instance: str, loc: Location) -> None:
        self._structural()
        self.public[instance] = loc

    def endpoint(self, eid: str, kind: str, loc: Location, faces: list[dict], listeners: bool = False,
                 filtered: bool = True, unsupported: Unknown | None = None, placed_once: bool = False) -> None:
        """An instance, load balancer or database; each face a dict: subnet, groups, public (True/False/Unknown/
        None: from the subnet), address, loc. A face whose subnet is unknown makes the endpoint unsupported."""
        e = Endpoint(eid, kind, loc, listeners=[] if listeners else None, filtered=filtered,
                     unsupported=unsupported or self.maybe, placed_once=placed_once)
        self.net.endpoints[eid] = e
        self.pending.append((eid, e, faces))

    def listener(self, lb: str, protocol: int, port: int, loc: Location) -> None:
        self._structural()
        self.listeners.append((lb, Listener(protocol, port, loc)))

    # ---- linking ----

    def finish(self) -> Network:
        net = self.net
        self.maybe = None
        for gid, group in net.groups.items():
            if self.default_egress and gid not in self.inline_egress:
                unsure = Unknown(f"whether {gid} keeps its default egress rule beside egress rule resources",
                                 group.loc) if gid in self.standalone_egress else None
                group.rules.append(GroupRule(gid, True, ANY_PROTOCOL, None, Cidr(0, 0), group.loc, unsure))
        for kind, subnet, other, loc in self.associations:
            if subnet not in net.subnets:
                continue
            if kind == "table":
                if other not in net.route_tables:
                    self.route_table(other, None, loc)
                    self.route(other, Unknown(f"route table {other} (not in the template)", loc),
                               Unknown(f"route table {other}", loc), loc)
                net.subnets[subnet].route_table = other
            else:
                if other not in net.acls:
                    self.acl(other, None, loc)
                    self.acl_entry(other, Unknown(f"network ACL {other} (not in the template)", loc), False,
                                   ANY_PROTOCOL, True, Cidr(0, 0), None, loc)
                    self.acl_entry(other, Unknown(f"network ACL {other} (not in the template)", loc), True,
                                   ANY_PROTOCOL, True, Cidr(0, 0), None, loc)
                net.subnets[subnet].acl = other
        for table in net.route_tables.values():  # a private NAT gateway forwards to networks we do not follow
            table.routes = [Route(r.destination, Target("private-nat", r.target.id), r.loc, r.unknown)
                            if r.target and r.target.kind == "nat" and r.target.id in net.nats
                            and not net.nats[r.target.id].public else r for r in table.routes]
        for gid, vpc in net.gateways.items():
            if vpc in net.vpcs:
                net.vpcs[vpc].gateways.append(gid)
        for eid, e, faces in self.pending:
            for n, face in enumerate(faces):
                subnet = face.get("subnet")
                if not isinstance(subnet, str) or subnet not in net.subnets:
                    what = subnet if isinstance(subnet, Unknown) else Unknown(
                        f"the subnet of {eid} ({subnet or 'none given: a default VPC'}) is not in the template",
                        face["loc"])
                    e.unsupported = e.unsupported or what
                    continue
                public = face.get("public")
                if public is None:  # "You can't auto-assign a public IPv4 address if you specify more than one
                    # network interface" (ec2/latest/UserGuide/using-instance-addressing.html, cited 2026-12-04)
                    public = net.subnets[subnet].public_on_launch if len(faces) == 1 else False
                if eid in self.public and n == 0:
                    public = True
                e.interfaces.append(Interface(subnet, tuple(face.get("groups", ())), public, face.get("address"),
                                              face["loc"]))
        for lb, listener in self.listeners:
            if lb in net.endpoints and net.endpoints[lb].listeners is not None:
                net.endpoints[lb].listeners.append(listener)
        return net
