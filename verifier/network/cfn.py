"""CloudFormation templates (YAML or JSON, decoded by cfn-lint with positions) -> the network IR.

Resources read: AWS::EC2::VPC, Subnet, InternetGateway, VPCGatewayAttachment, RouteTable,
Route, SubnetRouteTableAssociation, NetworkAcl, NetworkAclEntry,
SubnetNetworkAclAssociation, SecurityGroup, SecurityGroupIngress, SecurityGroupEgress,
NatGateway, VPCPeeringConnection, EIP, EIPAssociation, LaunchTemplate, Instance,
AWS::ElasticLoadBalancingV2::LoadBalancer and Listener, AWS::ElasticLoadBalancing::LoadBalancer,
and AWS::RDS::DBInstance with its DBSubnetGroup. Resources that receive traffic but are not
read (`UNREAD_ENDPOINTS`: Auto Scaling groups, ECS services, ...) are endpoints whose
questions are unknown. `Ref` and `Fn::GetAtt` of a
resource of the template are followed; a parameter, a pseudo parameter or any other
intrinsic function is an `Unknown` naming it and its line. IPv6 rules are left out
(the packets asked about are IPv4).
"""

from __future__ import annotations

from typing import Any

from verifier.network import values
from verifier.network.addresses import TCP, UDP, parse_address
from verifier.network.build import Builder
from verifier.network.ir import GroupRef, Network, Target, Unknown
from verifier.policy.templates.cfn import decode_template, position
from verifier.result import Location

#: route properties -> the kind of target they name
ROUTE_TARGETS = {
    "NatGatewayId": "nat", "VpcPeeringConnectionId": "peering", "TransitGatewayId": "transit-gateway",
    "InstanceId": "instance", "NetworkInterfaceId": "network-interface", "VpcEndpointId": "vpc-endpoint",
    "CarrierGatewayId": "carrier-gateway", "LocalGatewayId": "local-gateway", "CoreNetworkArn": "core-network",
}
#: resources that may give an instance more addresses or interfaces than this reader follows
UNFOLLOWED = {
    "AWS::EC2::NetworkInterfaceAttachment": "a network interface attached by its own resource",
    "AWS::EC2::SubnetCidrBlock": "an IPv6 block of a subnet",
    "AWS::EC2::EgressOnlyInternetGateway": "an egress-only internet gateway (IPv6)",
}
#: resources that receive traffic but are not read as endpoints: every question about them is unknown
UNREAD_ENDPOINTS = ("AWS::AutoScaling::AutoScalingGroup", "AWS::ECS::Service", "AWS::EKS::Nodegroup",
                    "AWS::EKS::Cluster", "AWS::RDS::DBCluster", "AWS::ElastiCache::CacheCluster",
                    "AWS::ElastiCache::ReplicationGroup", "AWS::OpenSearchService::Domain", "AWS::EC2::NetworkInterface",
                    "AWS::Lambda::Function", "AWS::EC2::SpotFleet", "AWS::EC2::EC2Fleet", "AWS::Redshift::Cluster",
                    "AWS::MSK::Cluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster")
#: listener protocols -> IP protocols
LISTENER_PROTOCOLS = {"HTTP": (TCP,), "HTTPS": (TCP,), "TCP": (TCP,), "TLS": (TCP,), "UDP": (UDP,), "TCP_UDP": (TCP, UDP)}


def read_network(path: str) -> Network:
    """The network a CloudFormation template describes."""
    template = decode_template(path)
    resources = template.get("Resources")
    return _Reader(path, resources if isinstance(resources, dict) else {}).network()


class _Reader:
    def __init__(self, path: str, resources: dict) -> None:
        self.resources = resources
        self.b = Builder(path, default_egress=True)

    def at(self, node: Any, parent: Location | None = None) -> Location:
        fallback = (parent.line, parent.column) if parent else (1, 1)
        return self.b.loc(*position(node, fallback))

    def of_type(self, kind: str):
        """(logical id, properties, location) of each resource of `kind`; while the caller reads one created
        under a `Condition`, the builder knows it may not exist."""
        for rid, r in self.resources.items():
            if isinstance(r, dict) and r.get("Type") == kind:
                props = r.get("Properties")
                loc = self.at(rid, self.at(r))
                condition = r.get("Condition")
                self.b.optional(Unknown(f"{rid}, created under the condition {condition}", loc) if condition else None)
                yield str(rid), (props if isinstance(props, dict) else {}), loc
        self.b.optional(None)

    # ---- values ----

    def ref(self, node: Any, loc: Location) -> str | Unknown | None:
        """The resource a value names (Ref or GetAtt of a template resource); Unknown for anything else."""
        if node is None:
            return None
        if isinstance(node, dict) and len(node) == 1:
            (fn, arg), = node.items()
            if fn == "Ref" and isinstance(arg, str) and arg in self.resources:
                return str(arg)
            if fn == "Fn::GetAtt":
                parts = arg.split(".", 1) if isinstance(arg, str) else arg
                if isinstance(parts, list) and parts and str(parts[0]) in self.resources:
                    return str(parts[0])
            return Unknown(_describe(node), self.at(node, loc))
        return Unknown(f"the id {node!r}", self.at(node, loc))

    def plain(self, node: Any, loc: Location) -> Any:
        """A literal value, or an Unknown for an intrinsic function."""
        if isinstance(node, dict):
            if len(node) == 1 and next(iter(node)) == "Fn::GetAtt":
                return self.attribute(node, loc)
            return Unknown(_describe(node), self.at(node, loc))
        return node

    def attribute(self, node: dict, loc: Location) -> Any:
        arg = node["Fn::GetAtt"]
        parts = arg.split(".", 1) if isinstance(arg, str) else arg
        if isinstance(parts, list) and len(parts) == 2 and parts[1] == "CidrBlock":
            vpc = self.resources.get(str(parts[0]))
            if isinstance(vpc, dict) and vpc.get("Type") == "AWS::EC2::VPC":
                return self.plain((vpc.get("Properties") or {}).get("CidrBlock"), loc)
        return Unknown(_describe(node), self.at(node, loc))

    def ref_list(self, node: Any, loc: Location) -> list[str | Unknown | None]:
        """The resources a list names, each as `ref` reads it; a value that is not a list is one item."""
        return [self.ref(item, loc) for item in (node if isinstance(node, list) else [] if node is None else [node])]

    def refs(self, node: Any, loc: Location) -> list[str]:
        """Resource ids of a list; an item we cannot follow becomes an id no resource has."""
        items = node if isinstance(node, list) else [] if node is None else [node]
        out = []
        for item in items:
            r = self.ref(item, loc)
            out.append(r if isinstance(r, str) else f"{r} (not followed)")
        return out

    # ---- resources ----

    def network(self) -> Network:
        b = self.b
        for rid, p, loc in self.of_type("AWS::EC2::VPC"):
            b.vpc(rid, values.cidr(self.plain(p.get("CidrBlock"), loc), loc), loc)
        for rid, p, loc in self.of_type("AWS::EC2::Subnet"):
            if "Ipv6CidrBlock" in p or "Ipv6Native" in p:
                b.note(Unknown("an IPv6 subnet block", loc))
            vpc = self.ref(p.get("VpcId"), loc)
            b.subnet(rid, vpc if isinstance(vpc, str) else None, values.cidr(self.plain(p.get("CidrBlock"), loc), loc),
                     values.flag(self.plain(p.get("MapPublicIpOnLaunch"), loc), loc), loc)
        for rid, _p, _loc in self.of_type("AWS::EC2::InternetGateway"):
            b.gateway(rid, None)
        for _rid, p, loc in self.of_type("AWS::EC2::VPCGatewayAttachment"):
            gw, vpc = self.ref(p.get("InternetGatewayId"), loc), self.ref(p.get("VpcId"), loc)
            if isinstance(gw, str) and isinstance(vpc, str):
                b.gateway(gw, vpc)
        for rid, p, loc in self.of_type("AWS::EC2::RouteTable"):
            vpc = self.ref(p.get("VpcId"), loc)
            b.route_table(rid, vpc if isinstance(vpc, str) else None, loc)
        for _rid, p, loc in self.of_type("AWS::EC2::Route"):
            self.route(p, loc)
        for kind, cfn_type, key in (("table", "SubnetRouteTableAssociation", "RouteTableId"),
                                    ("acl", "SubnetNetworkAclAssociation", "NetworkAclId")):
            for _rid, p, loc in self.of_type(f"AWS::EC2::{cfn_type}"):
                subnet, other = self.ref(p.get("SubnetId"), loc), self.ref(p.get(key), loc)
                if isinstance(subnet, str):
                    b.associate(kind, subnet, other if isinstance(other, str) else f"{other}", loc)
        for rid, p, loc in self.of_type("AWS::EC2::NetworkAcl"):
            vpc = self.ref(p.get("VpcId"), loc)
            b.acl(rid, vpc if isinstance(vpc, str) else None, loc)
        for _rid, p, loc in self.of_type("AWS::EC2::NetworkAclEntry"):
            self.acl_entry(p, loc)
        for rid, p, loc in self.of_type("AWS::EC2::SecurityGroup"):
            vpc = self.ref(p.get("VpcId"), loc)
            b.group(rid, vpc if isinstance(vpc, str) else None, loc)
            for egress, key in ((False, "SecurityGroupIngress"), (True, "SecurityGroupEgress")):
                rules = p.get(key)
                for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
                    at = self.at(rule, loc)
                    if isinstance(rule, dict) and not _intrinsic(rule):
                        self.group_rule(rid, egress, rule, at, inline=True)
                    else:  # Fn::If and friends: a rule (or rules) we cannot read
                        b.group_rule(rid, egress, -1, None, Unknown(_describe(rule), at), at, inline=True)
        for egress, cfn_type in ((False, "SecurityGroupIngress"), (True, "SecurityGroupEgress")):
            for _rid, p, loc in self.of_type(f"AWS::EC2::{cfn_type}"):
                group = self.ref(p.get("GroupId"), loc)
                if isinstance(group, str):
                    self.group_rule(group, egress, p, loc, inline=False)
        for rid, p, loc in self.of_type("AWS::EC2::NatGateway"):
            subnet = self.ref(p.get("SubnetId"), loc)
            kind = self.plain(p.get("ConnectivityType", "public"), loc)
            if isinstance(subnet, str):
                b.nat(rid, subnet, kind == "public", loc)
        for rid, p, loc in self.of_type("AWS::EC2::VPCPeeringConnection"):
            a, c = self.ref(p.get("VpcId"), loc), self.ref(p.get("PeerVpcId"), loc)
            b.peering(rid, a if isinstance(a, str) else None, c if isinstance(c, str) else None, loc)
        for cfn_type in ("AWS::EC2::EIP", "AWS::EC2::EIPAssociation"):
            for _rid, p, loc in self.of_type(cfn_type):
                instance = self.ref(p.get("InstanceId"), loc)
                if isinstance(instance, str):
                    b.elastic_ip(instance, loc)
                elif "NetworkInterfaceId" in p:
                    b.note(Unknown("an Elastic IP on a network interface", loc))
        for cfn_type, what in UNFOLLOWED.items():
            for _rid, _p, loc in self.of_type(cfn_type):
                b.note(Unknown(what, loc))
        for _rid, p, loc in self.of_type("AWS::EC2::VPCCidrBlock"):
            vpc = self.ref(p.get("VpcId"), loc)
            if isinstance(vpc, str) and "CidrBlock" in p:
                b.secondary_cidr(vpc, loc)
            else:
                b.note(Unknown("an IPv6 block of a VPC", loc))
        for _rid, p, loc in self.of_type("AWS::EC2::GatewayRouteTableAssociation"):
            gateway = self.ref(p.get("GatewayId"), loc)
            vpc = b.net.gateways.get(gateway) if isinstance(gateway, str) else None
            for v in ([vpc] if vpc else list(b.net.vpcs)):
                if v in b.net.vpcs:
                    b.net.vpcs[v].ingress_routing = Unknown("a gateway route table (ingress routing)", loc)
        for rid, p, loc in self.of_type("AWS::EC2::Instance"):
            self.instance(rid, p, loc)
        for rid, p, loc in self.of_type("AWS::ElasticLoadBalancingV2::LoadBalancer"):
            self.load_balancer(rid, p, loc)
        for rid, p, loc in self.of_type("AWS::RDS::DBInstance"):
            self.database(rid, p, loc)
        for rid, p, loc in self.of_type("AWS::ElasticLoadBalancing::LoadBalancer"):
            self.classic_load_balancer(rid, p, loc)
        for kind in UNREAD_ENDPOINTS:
            for rid, p, loc in self.of_type(kind):
                if kind != "AWS::Lambda::Function" or "VpcConfig" in p:
                    b.endpoint(rid, kind, loc, [], unsupported=Unknown(f"{rid} ({kind}) is not read as an endpoint", loc))
        for _rid, p, loc in self.of_type("AWS::ElasticLoadBalancingV2::Listener"):
            lb = self.ref(p.get("LoadBalancerArn"), loc)
            port = values.number(self.plain(p.get("Port"), loc), loc)
            kind = self.plain(p.get("Protocol"), loc)
            if isinstance(lb, str) and isinstance(port, int):
                for proto in LISTENER_PROTOCOLS.get(str(kind).upper(), ()):
                    b.listener(lb, proto, port, self.at(p.get("Port"), loc))
        return b.finish()

    def route(self, p: dict, loc: Location) -> None:
        table = self.ref(p.get("RouteTableId"), loc)
        if not isinstance(table, str):
            return
        if "DestinationCidrBlock" not in p:
            if "DestinationPrefixListId" in p:
                self.b.route(table, Unknown("a route to a prefix list", loc), Unknown("a prefix-list route", loc), loc)
            self.b.note(Unknown("an IPv6 route", loc))
            return
        destination = values.cidr(self.plain(p["DestinationCidrBlock"], loc), loc)
        target: Target | Unknown = Unknown("a route without a target", loc)
        if "GatewayId" in p:
            gw = self.ref(p["GatewayId"], loc)
            kind = self.resources.get(gw, {}).get("Type") if isinstance(gw, str) else None
            target = gw if isinstance(gw, Unknown) else Target("igw" if kind == "AWS::EC2::InternetGateway"
                                                                  else "virtual-private-gateway", str(gw))
        for key, kind in ROUTE_TARGETS.items():
            if key in p:
                ref = self.ref(p[key], loc)
                target = ref if isinstance(ref, Unknown) else Target(kind, str(ref))
        self.b.route(table, destination, target, loc)

    def acl_entry(self, p: dict, loc: Location) -> None:
        acl = self.ref(p.get("NetworkAclId"), loc)
        if not isinstance(acl, str):
            return
        if "CidrBlock" not in p:  # an IPv6 entry does not apply to IPv4 packets
            self.b.note(Unknown("an IPv6 network ACL entry", loc))
            return
        proto = values.protocol(self.plain(p.get("Protocol"), loc), loc)
        span = p.get("PortRange") if isinstance(p.get("PortRange"), dict) else {}
        icmp = p.get("Icmp") if isinstance(p.get("Icmp"), dict) else {}
        low, high = (icmp.get("Type"), icmp.get("Code")) if icmp else (span.get("From"), span.get("To"))
        action = self.plain(p.get("RuleAction"), loc)
        allow = action.lower() == "allow" if isinstance(action, str) else Unknown("the rule action", loc)
        self.b.acl_entry(acl, values.number(self.plain(p.get("RuleNumber"), loc), loc),
                         values.flag(self.plain(p.get("Egress"), loc), loc) is True, proto, allow,
                         values.cidr(self.plain(p.get("CidrBlock"), loc), loc),
                         values.ports(proto, self.plain(low, loc), self.plain(high, loc), loc), loc)

    def group_rule(self, group: str, egress: bool, rule: dict, loc: Location, inline: bool) -> None:
        proto = values.protocol(self.plain(rule.get("IpProtocol"), loc), loc)
        span = values.ports(proto, self.plain(rule.get("FromPort"), loc), self.plain(rule.get("ToPort"), loc), loc)
        side = "Destination" if egress else "Source"
        peer: Any
        if "CidrIp" in rule:
            peer = values.cidr(self.plain(rule["CidrIp"], loc), loc)
        elif f"{side}SecurityGroupId" in rule:
            ref = self.ref(rule[f"{side}SecurityGroupId"], loc)
            peer = GroupRef(ref) if isinstance(ref, str) else ref
        elif f"{side}PrefixListId" in rule or "SourceSecurityGroupName" in rule:
            peer = Unknown("a prefix list or a group named by name", loc)
        else:  # IPv6 only (CidrIpv6)
            self.b.mark_egress(group, egress, inline)
            self.b.note(Unknown("an IPv6 security-group rule", loc))
            return
        self.b.group_rule(group, egress, proto, span, peer, loc, inline)

    def instance(self, rid: str, p: dict, loc: Location) -> None:
        merged = dict(self.launch_template(p.get("LaunchTemplate"), loc))
        merged.update(p)
        faces = []
        interfaces = merged.get("NetworkInterfaces")
        if isinstance(interfaces, list) and interfaces:
            for item in sorted((i for i in interfaces if isinstance(i, dict)), key=lambda i: str(i.get("DeviceIndex", 0))):
                at = self.at(item, loc)
                if "NetworkInterfaceId" in item:
                    faces.append({"subnet": Unknown("an attached network interface resource", at), "loc": at})
                    continue
                public = item.get("AssociatePublicIpAddress")
                faces.append({"subnet": self.ref(item.get("SubnetId"), at),
                              "groups": self.refs(item.get("GroupSet"), at),
                              "public": None if public is None else values.flag(self.plain(public, at), at),
                              "address": _address(item.get("PrivateIpAddress")), "loc": at})
        else:
            groups = self.refs(merged.get("SecurityGroupIds"), loc)
            if merged.get("SecurityGroups"):
                groups.append("a security group named by name (not followed)")
            faces.append({"subnet": self.ref(merged.get("SubnetId"), loc), "groups": groups or ["the VPC's default group"],
                          "address": _address(merged.get("PrivateIpAddress")), "loc": loc})
        self.b.endpoint(rid, "instance", loc, faces)

    def launch_template(self, node: Any, loc: Location) -> dict:
        """The network settings of a launch template of this template (as instance properties)."""
        if not isinstance(node, dict):
            return {}
        ref = self.ref(node.get("LaunchTemplateId") or node.get("LaunchTemplateName"), loc)
        lt = self.resources.get(ref) if isinstance(ref, str) else None
        data = ((lt or {}).get("Properties") or {}).get("LaunchTemplateData") or {}
        out = {}
        for key in ("NetworkInterfaces", "SecurityGroupIds", "SecurityGroups"):
            if key in data:
                out[key] = data[key]
        faces = out.get("NetworkInterfaces")
        for face in faces if isinstance(faces, list) else []:
            if isinstance(face, dict) and "Groups" in face:
                face.setdefault("GroupSet", face["Groups"])
        return out

    def database(self, rid: str, p: dict, loc: Location) -> None:
        """An RDS DB instance: in one subnet of its DB subnet group, listening on its port. Left unset,
        PubliclyAccessible depends on the VPC (CreateDBInstance), so it is unknown here."""
        group = self.ref(p.get("DBSubnetGroupName"), loc)
        spec = self.resources.get(group) if isinstance(group, str) else None
        subnets = self.ref_list(((spec or {}).get("Properties") or {}).get("SubnetIds"), loc)
        if not subnets:
            subnets = [group if isinstance(group, Unknown) else None]
        public = values.flag(self.plain(p.get("PubliclyAccessible"), loc), loc, default=None) \
            if "PubliclyAccessible" in p else Unknown("PubliclyAccessible left to its default", loc)
        port = values.database_port(self.plain(p.get("Port"), loc), self.plain(p.get("Engine"), loc), loc)
        aurora = Unknown("a DB instance of an Aurora cluster", loc) if "DBClusterIdentifier" in p else None
        self.b.endpoint(rid, "database", loc, _database_faces(subnets, self.refs(p.get("VPCSecurityGroups"), loc),
                                                               public, loc),
                        listeners=True, unsupported=aurora or (port if isinstance(port, Unknown) else None),
                        placed_once=True)
        if isinstance(port, int):
            self.b.listener(rid, TCP, port, loc)

    def classic_load_balancer(self, rid: str, p: dict, loc: Location) -> None:
        """A Classic Load Balancer: internet-facing unless Scheme is internal, listening on its Listeners."""
        scheme = self.plain(p.get("Scheme", "internet-facing"), loc)
        public: Any = scheme != "internal" if isinstance(scheme, str) else scheme
        subnets = self.ref_list(p.get("Subnets"), loc) or [None]
        groups = self.refs(p.get("SecurityGroups"), loc) or ["the VPC's default group"]
        faces = [{"subnet": s, "groups": groups, "public": public, "loc": loc} for s in subnets]
        self.b.endpoint(rid, "load-balancer", loc, faces, listeners=True)
        for listener in p.get("Listeners") or []:
            at = self.at(listener, loc)
            port = values.number(self.plain(listener.get("LoadBalancerPort"), at), at) if isinstance(listener, dict) \
                else Unknown(_describe(listener), at)
            kind = str(self.plain(listener.get("Protocol"), at)).upper() if isinstance(listener, dict) else ""
            protocols = {"HTTP": (TCP,), "HTTPS": (TCP,), "TCP": (TCP,), "SSL": (TCP,)}.get(kind)
            if not isinstance(port, int) or protocols is None:
                self.b.net.endpoints[rid].unsupported = Unknown("a listener not read", at)
                continue
            for proto in protocols:
                self.b.listener(rid, proto, port, at)

    def load_balancer(self, rid: str, p: dict, loc: Location) -> None:
        kind = str(self.plain(p.get("Type", "application"), loc))
        scheme = self.plain(p.get("Scheme", "internet-facing"), loc)
        public: Any = scheme == "internet-facing" if isinstance(scheme, str) else scheme
        subnets = self.ref_list(p.get("Subnets"), loc)
        mappings = p.get("SubnetMappings")
        for m in mappings if isinstance(mappings, list) else [] if mappings is None else [mappings]:
            subnets.append(self.ref(m.get("SubnetId"), loc) if isinstance(m, dict) else Unknown(_describe(m), loc))
        groups = self.refs(p.get("SecurityGroups"), loc)
        unsupported = None if kind in ("application", "network") else Unknown(f"a {kind} load balancer", loc)
        if kind == "application" and not groups:
            groups = ["the VPC's default group"]
        faces = [{"subnet": s, "groups": groups, "public": public, "loc": loc} for s in subnets]
        self.b.endpoint(rid, "load-balancer", loc, faces, listeners=True, filtered=bool(groups),
                        unsupported=unsupported)


def _database_faces(subnets: list, groups: list[str], public: Any, loc: Location) -> list[dict]:
    return [{"subnet": s, "groups": groups or ["the VPC's default group"], "public": public, "loc": loc} for s in subnets]


def _intrinsic(node: Any) -> bool:
    return isinstance(node, dict) and len(node) == 1 and str(next(iter(node))).startswith(("Fn::", "Ref"))


def _address(node: Any) -> int | None:
    return parse_address(node) if isinstance(node, str) else None


def _describe(node: Any) -> str:
    if isinstance(node, dict) and len(node) == 1:
        (fn, arg), = node.items()
        if fn == "Ref":
            return f"the parameter {arg}" if not str(arg).startswith("AWS::") else f"the pseudo parameter {arg}"
        return f"{fn} {_short(arg)}"
    return _short(node)


def _short(node: Any) -> str:
    text = str(node)
    return text if len(text) <= 40 else text[:37] + "..."
