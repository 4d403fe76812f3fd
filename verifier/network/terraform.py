"""Terraform modules (HCL, python-hcl2's positioned parse tree) -> the network IR.

Resources read (the twins of cfn.py's): aws_vpc, aws_subnet, aws_internet_gateway,
aws_internet_gateway_attachment, aws_route_table (route blocks), aws_route,
aws_route_table_association, aws_main_route_table_association, aws_default_route_table,
aws_network_acl (ingress/egress blocks, subnet_ids), aws_network_acl_rule,
aws_network_acl_association, aws_default_network_acl, aws_security_group (ingress/egress
blocks), aws_security_group_rule, aws_vpc_security_group_ingress_rule and _egress_rule,
aws_nat_gateway, aws_vpc_peering_connection, aws_eip, aws_eip_association,
aws_launch_template, aws_instance, aws_lb / aws_alb and aws_lb_listener / aws_alb_listener,
aws_elb, aws_db_instance and aws_db_subnet_group. Resources that receive traffic but are not
read (`UNREAD_ENDPOINTS`: Auto Scaling groups, ECS services, ...) are endpoints whose
questions are unknown.
Resources are named by their address (``aws_instance.app``). A reference to a resource of
the module is followed; a variable, local, data source, module output, function call,
`count`/`for_each` index or interpolated string is an `Unknown` naming it and its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lark import Tree

from verifier.network import values
from verifier.network.addresses import Cidr
from verifier.network.build import Builder
from verifier.network.cfn import LISTENER_PROTOCOLS
from verifier.network.hcl_values import HclValues
from verifier.network.ir import GroupRef, Network, Target, Unknown
from verifier.network.terraform_endpoints import TerraformEndpoints
from verifier.policy.templates.terraform import Block, parse_module
from verifier.result import Location

#: route block / aws_route arguments -> the kind of target they name
ROUTE_TARGETS = {
    "nat_gateway_id": "nat", "vpc_peering_connection_id": "peering", "transit_gateway_id": "transit-gateway",
    "network_interface_id": "network-interface", "vpc_endpoint_id": "vpc-endpoint", "instance_id": "instance",
    "carrier_gateway_id": "carrier-gateway", "local_gateway_id": "local-gateway", "core_network_arn": "core-network",
}
#: resources that receive traffic but are not read as endpoints: every question about them is unknown
UNREAD_ENDPOINTS = ("aws_autoscaling_group", "aws_ecs_service", "aws_eks_node_group", "aws_eks_cluster",
                    "aws_rds_cluster", "aws_elasticache_cluster", "aws_elasticache_replication_group",
                    "aws_opensearch_domain", "aws_network_interface", "aws_lambda_function", "aws_spot_fleet_request",
                    "aws_ec2_fleet", "aws_redshift_cluster", "aws_msk_cluster", "aws_docdb_cluster", "aws_neptune_cluster")
#: resources that may give an instance more addresses or interfaces than this reader follows
UNFOLLOWED = {
    "aws_network_interface_attachment": "a network interface attached by its own resource",
    "aws_egress_only_internet_gateway": "an egress-only internet gateway (IPv6)",
}


def read_network(files: list[Path]) -> Network:
    """The network the .tf files of one module describe (`files[0]` names it)."""
    blocks, texts = parse_module(files)
    return _Reader(str(files[0]) if len(files) == 1 else str(Path(files[0]).parent), blocks, texts).network()


class _Reader(TerraformEndpoints):
    def __init__(self, name: str, blocks: list[Block], texts: dict[str, str]) -> None:
        self.b = Builder(name, default_egress=False)
        self.resources = {f"{b.labels[0]}.{b.labels[1]}": b for b in blocks if b.kind == "resource" and len(b.labels) == 2}
        self.hcl = HclValues(texts, set(self.resources))

    def of_type(self, *kinds: str):
        """(address, block) of each resource of these kinds; while the caller reads one with `count` or
        `for_each` (other than count = 1), the builder knows it may not exist."""
        for address, block in self.resources.items():
            if block.labels[0] in kinds:
                counted = next((k for k in ("count", "for_each") if k in block.attributes), None)
                once = counted == "count" and self.value(block, "count") == 1
                self.b.optional(Unknown(f"{address}, created by {counted}", self.at(block, block.file))
                                if counted and not once else None)
                yield address, block
        self.b.optional(None)

    def at(self, node: Tree | Block, file: str) -> Location:
        return self.hcl.at(node, file)

    def value(self, block: Block, name: str, default: Any = None) -> Any:
        return self.hcl.value(block, name, default)

    def ref(self, value: Any, loc: Location) -> str | Unknown | None:
        if value is None:
            return None
        if isinstance(value, tuple):
            return value[1]
        if isinstance(value, Unknown):
            return value
        return Unknown(f"the id {value!r}", loc)

    def plain(self, value: Any, loc: Location) -> Any:
        """A literal, an attribute we can resolve (a VPC's cidr_block), or an Unknown."""
        if isinstance(value, tuple):
            block = self.resources[value[1]]
            if value[2] == "cidr_block" and block.labels[0] in ("aws_vpc", "aws_subnet"):
                return self.plain(self.value(block, "cidr_block"), loc)
            return Unknown(f"{value[1]}.{value[2]}", loc)
        return value

    def ref_list(self, value: Any, loc: Location) -> list[str | Unknown | None]:
        """The resources a list names, each as `ref` reads it; a value that is not a list is one item."""
        return [self.ref(item, loc) for item in (value if isinstance(value, list) else [] if value is None else [value])]

    def refs(self, value: Any, loc: Location) -> list[str]:
        items = value if isinstance(value, list) else [] if value is None else [value]
        out = []
        for item in items:
            r = self.ref(item, loc)
            out.append(r if isinstance(r, str) else f"{r} (not followed)")
        return out

    def strs(self, value: Any, loc: Location) -> list[Any]:
        if isinstance(value, list):
            return [self.plain(v, loc) for v in value]
        return [] if value is None else [self.plain(value, loc)]

    # ---- resources ----

    def network(self) -> Network:
        b = self.b
        for a, blk in self.of_type("aws_vpc"):
            loc = self.at(blk, blk.file)
            b.vpc(a, values.cidr(self.plain(self.value(blk, "cidr_block"), loc), loc), loc)
            self.ipv6(blk, ("assign_generated_ipv6_cidr_block", "ipv6_cidr_block", "ipv6_ipam_pool_id"),
                      "an IPv6 block of a VPC")
        for _a, blk in self.of_type("aws_vpc_ipv4_cidr_block_association"):
            vpc = self.ref(self.value(blk, "vpc_id"), self.at(blk, blk.file))
            if isinstance(vpc, str):
                b.secondary_cidr(vpc, self.at(blk, blk.file))
        for kind, what in UNFOLLOWED.items():
            for _a, blk in self.of_type(kind):
                b.note(Unknown(what, self.at(blk, blk.file)))
        for a, blk in self.of_type("aws_subnet"):
            loc = self.at(blk, blk.file)
            self.ipv6(blk, ("ipv6_cidr_block", "ipv6_native", "assign_ipv6_address_on_creation"), "an IPv6 subnet block")
            vpc = self.ref(self.value(blk, "vpc_id"), loc)
            b.subnet(a, vpc if isinstance(vpc, str) else None,
                     values.cidr(self.plain(self.value(blk, "cidr_block"), loc), loc),
                     values.flag(self.plain(self.value(blk, "map_public_ip_on_launch"), loc), loc), loc)
        for a, blk in self.of_type("aws_internet_gateway"):
            vpc = self.ref(self.value(blk, "vpc_id"), self.at(blk, blk.file))
            b.gateway(a, vpc if isinstance(vpc, str) else None)
        for _a, blk in self.of_type("aws_internet_gateway_attachment"):
            loc = self.at(blk, blk.file)
            gw, vpc = self.ref(self.value(blk, "internet_gateway_id"), loc), self.ref(self.value(blk, "vpc_id"), loc)
            if isinstance(gw, str) and isinstance(vpc, str):
                b.gateway(gw, vpc)
        for a, blk in self.of_type("aws_route_table", "aws_default_route_table"):
            self.route_table(a, blk)
        for _a, blk in self.of_type("aws_route"):
            loc = self.at(blk, blk.file)
            table = self.ref(self.value(blk, "route_table_id"), loc)
            if isinstance(table, str):
                self.route(table, blk, "destination_cidr_block", loc)
        for _a, blk in self.of_type("aws_main_route_table_association"):
            loc = self.at(blk, blk.file)
            vpc, table = self.ref(self.value(blk, "vpc_id"), loc), self.ref(self.value(blk, "route_table_id"), loc)
            if isinstance(vpc, str) and isinstance(table, str) and vpc in b.net.vpcs:
                b.net.vpcs[vpc].main_table = table
        for kind, tf_type, key in (("table", "aws_route_table_association", "route_table_id"),
                                   ("acl", "aws_network_acl_association", "network_acl_id")):
            for _a, blk in self.of_type(tf_type):
                loc = self.at(blk, blk.file)
                subnet, other = self.ref(self.value(blk, "subnet_id"), loc), self.ref(self.value(blk, key), loc)
                if kind == "table" and "gateway_id" in blk.attributes:
                    self.ingress_routing(self.ref(self.value(blk, "gateway_id"), loc), loc)
                if isinstance(subnet, str):
                    b.associate(kind, subnet, other if isinstance(other, str) else str(other), loc)
        for a, blk in self.of_type("aws_network_acl", "aws_default_network_acl"):
            self.acl(a, blk)
        for _a, blk in self.of_type("aws_network_acl_rule"):
            loc = self.at(blk, blk.file)
            acl = self.ref(self.value(blk, "network_acl_id"), loc)
            if isinstance(acl, str):
                self.acl_entry(acl, blk, self.value(blk, "egress") is True, "rule_number", "rule_action", loc)
        for a, blk in self.of_type("aws_security_group"):
            self.group(a, blk)
        for _a, blk in self.of_type("aws_security_group_rule"):
            loc = self.at(blk, blk.file)
            group = self.ref(self.value(blk, "security_group_id"), loc)
            if isinstance(group, str):
                self.group_rules(group, self.value(blk, "type") == "egress", blk, loc, inline=False)
        for tf_type, egress in (("aws_vpc_security_group_ingress_rule", False),
                                ("aws_vpc_security_group_egress_rule", True)):
            for _a, blk in self.of_type(tf_type):
                self.vpc_group_rule(blk, egress)
        for a, blk in self.of_type("aws_nat_gateway"):
            loc = self.at(blk, blk.file)
            subnet = self.ref(self.value(blk, "subnet_id"), loc)
            if isinstance(subnet, str):
                b.nat(a, subnet, self.value(blk, "connectivity_type", "public") == "public", loc)
        for a, blk in self.of_type("aws_vpc_peering_connection"):
            loc = self.at(blk, blk.file)
            x, y = self.ref(self.value(blk, "vpc_id"), loc), self.ref(self.value(blk, "peer_vpc_id"), loc)
            b.peering(a, x if isinstance(x, str) else None, y if isinstance(y, str) else None, loc)
        for tf_type, key in (("aws_eip", "instance"), ("aws_eip_association", "instance_id")):
            for _a, blk in self.of_type(tf_type):
                instance = self.ref(self.value(blk, key), self.at(blk, blk.file))
                if isinstance(instance, str):
                    b.elastic_ip(instance, self.at(blk, blk.file))
                elif "network_interface" in blk.attributes or "network_interface_id" in blk.attributes:
                    b.note(Unknown("an Elastic IP on a network interface", self.at(blk, blk.file)))
        for a, blk in self.of_type("aws_instance"):
            self.instance(a, blk)
        for a, blk in self.of_type("aws_lb", "aws_alb"):
            self.load_balancer(a, blk)
        for a, blk in self.of_type("aws_db_instance"):
            self.database(a, blk)
        for a, blk in self.of_type("aws_elb"):
            self.classic_load_balancer(a, blk)
        for a, blk in self.of_type(*UNREAD_ENDPOINTS):
            if blk.labels[0] != "aws_lambda_function" or any(n.kind == "vpc_config" for n in blk.blocks):
                loc = self.at(blk, blk.file)
                b.endpoint(a, blk.labels[0], loc, [], unsupported=Unknown(f"{a} is not read as an endpoint", loc))
        for _a, blk in self.of_type("aws_lb_listener", "aws_alb_listener"):
            loc = self.at(blk, blk.file)
            lb = self.ref(self.value(blk, "load_balancer_arn"), loc)
            port = values.number(self.plain(self.value(blk, "port"), loc), loc)
            kind = self.value(blk, "protocol", "HTTP")
            if isinstance(lb, str) and isinstance(port, int):
                for proto in LISTENER_PROTOCOLS.get(str(kind).upper(), ()):
                    b.listener(lb, proto, port, self.at(blk.attributes.get("port", blk), blk.file))
        return b.finish()

    def ipv6(self, blk: Block, keys: tuple[str, ...], what: str) -> None:
        if any(k in blk.attributes and self.value(blk, k) not in (None, False) for k in keys):
            self.b.note(Unknown(what, self.at(blk, blk.file)))

    def ingress_routing(self, gateway: object, loc: Location) -> None:
        vpc = self.b.net.gateways.get(gateway) if isinstance(gateway, str) else None
        for v in ([vpc] if vpc else list(self.b.net.vpcs)):
            if v in self.b.net.vpcs:
                self.b.net.vpcs[v].ingress_routing = Unknown("a gateway route table (ingress routing)", loc)

    def route_table(self, address: str, blk: Block) -> None:
        loc = self.at(blk, blk.file)
        main = blk.labels[0] == "aws_default_route_table"
        vpc: Any = self.ref(self.value(blk, "vpc_id"), loc)
        if main:
            owner = self.value(blk, "default_route_table_id")
            vpc = owner[1] if isinstance(owner, tuple) and owner[2] == "default_route_table_id" else None
        self.b.route_table(address, vpc if isinstance(vpc, str) else None, loc, main=main)
        for _kind, at in self.unread_blocks(blk, ("route",)):
            what = Unknown("a route in a form not read", at)
            self.b.route(address, what, what, at)
        for route in (n for n in blk.blocks if n.kind == "route"):
            self.route(address, route, "cidr_block", self.at(route, route.file))

    def route(self, table: str, blk: Block, destination_key: str, loc: Location) -> None:
        if destination_key not in blk.attributes:
            if "destination_prefix_list_id" in blk.attributes:
                self.b.route(table, Unknown("a route to a prefix list", loc), Unknown("a prefix-list route", loc), loc)
            if any(k in blk.attributes for k in ("ipv6_cidr_block", "destination_ipv6_cidr_block")):
                self.b.note(Unknown("an IPv6 route", loc))
            return
        destination = values.cidr(self.plain(self.value(blk, destination_key), loc), loc)
        target: Target | Unknown = Unknown("a route without a target", loc)
        if "gateway_id" in blk.attributes:
            gw = self.ref(self.value(blk, "gateway_id"), loc)
            kind = self.resources[gw].labels[0] if isinstance(gw, str) else None
            target = gw if isinstance(gw, Unknown) else Target(
                "igw" if kind == "aws_internet_gateway" else "virtual-private-gateway", str(gw))
        for key, kind in ROUTE_TARGETS.items():
            if key in blk.attributes:
                ref = self.ref(self.value(blk, key), loc)
                target = ref if isinstance(ref, Unknown) or ref is None else Target(kind, ref)
        self.b.route(table, destination, target, loc)

    def acl(self, address: str, blk: Block) -> None:
        loc = self.at(blk, blk.file)
        default = blk.labels[0] == "aws_default_network_acl"
        vpc: Any = self.ref(self.value(blk, "vpc_id"), loc)
        if default:
            owner = self.value(blk, "default_network_acl_id")
            vpc = owner[1] if isinstance(owner, tuple) else None
        self.b.acl(address, vpc if isinstance(vpc, str) else None, loc, default=default)
        for subnet in self.refs(self.value(blk, "subnet_ids"), loc):
            self.b.associate("acl", subnet, address, loc)
        for kind, at in self.unread_blocks(blk, ("ingress", "egress")):
            what = Unknown(f"an {kind} rule in a form not read", at)
            self.b.acl_entry(address, what, kind == "egress", -1, what, Cidr(0, 0), None, at)
        for entry in blk.blocks:
            if entry.kind in ("ingress", "egress"):
                self.acl_entry(address, entry, entry.kind == "egress", "rule_no", "action", self.at(entry, entry.file))

    def acl_entry(self, acl: str, blk: Block, egress: bool, number_key: str, action_key: str, loc: Location) -> None:
        if "cidr_block" not in blk.attributes:  # an IPv6 entry does not apply to IPv4 packets
            self.b.note(Unknown("an IPv6 network ACL entry", loc))
            return
        proto = values.protocol(self.plain(self.value(blk, "protocol"), loc), loc)
        action = self.plain(self.value(blk, action_key), loc)
        allow = action.lower() == "allow" if isinstance(action, str) else Unknown("the rule action", loc)
        low, high = (self.value(blk, "icmp_type"), self.value(blk, "icmp_code")) if "icmp_type" in blk.attributes \
            else (self.value(blk, "from_port"), self.value(blk, "to_port"))
        self.b.acl_entry(acl, values.number(self.plain(self.value(blk, number_key), loc), loc), egress, proto, allow,
                         values.cidr(self.plain(self.value(blk, "cidr_block"), loc), loc),
                         values.ports(proto, self.plain(low, loc), self.plain(high, loc), loc), loc)

    def unread_blocks(self, blk: Block, kinds: tuple[str, ...]) -> list[tuple[str, Location]]:
        """Rules written in a form this reader does not follow: `dynamic` blocks and attribute syntax
        (`ingress = [...]`), as (kind, location)."""
        out = [(n.labels[0] if n.labels else "dynamic", self.at(n, n.file)) for n in blk.blocks if n.kind == "dynamic"]
        out += [(k, self.at(blk.attributes[k], blk.file)) for k in kinds if k in blk.attributes]
        return out

    def group(self, address: str, blk: Block) -> None:
        loc = self.at(blk, blk.file)
        vpc = self.ref(self.value(blk, "vpc_id"), loc)
        self.b.group(address, vpc if isinstance(vpc, str) else None, loc)
        for kind, at in self.unread_blocks(blk, ("ingress", "egress")):
            self.b.group_rule(address, kind == "egress", -1, None, Unknown(f"a {kind} rule in a form not read", at), at)
        for rule in blk.blocks:
            if rule.kind in ("ingress", "egress"):
                self.group_rules(address, rule.kind == "egress", rule, self.at(rule, rule.file), inline=True)

    def group_rules(self, group: str, egress: bool, blk: Block, loc: Location, inline: bool) -> None:
        """One rule per peer: each prefix of cidr_blocks, each group of security_groups, self."""
        proto = values.protocol(self.plain(self.value(blk, "protocol"), loc), loc)
        span = values.ports(proto, self.plain(self.value(blk, "from_port"), loc),
                            self.plain(self.value(blk, "to_port"), loc), loc)
        peers: list[Any] = [values.cidr(c, loc) for c in self.strs(self.value(blk, "cidr_blocks"), loc)]
        peers += [GroupRef(g) for g in self.refs(self.value(blk, "security_groups"), loc)]
        source = self.value(blk, "source_security_group_id")
        if source is not None:
            ref = self.ref(source, loc)
            peers.append(GroupRef(ref) if isinstance(ref, str) else ref)
        if self.value(blk, "self") is True:
            peers.append(GroupRef(group))
        if self.value(blk, "prefix_list_ids"):
            peers.append(Unknown("a prefix list", loc))
        if self.value(blk, "ipv6_cidr_blocks"):
            self.b.mark_egress(group, egress, inline)
            self.b.note(Unknown("an IPv6 security-group rule", loc))
        if not peers and not self.value(blk, "ipv6_cidr_blocks"):
            self.b.group_rule(group, egress, proto, span, Unknown("a rule with no IPv4 peer", loc), loc, inline)
        for peer in peers:
            self.b.group_rule(group, egress, proto, span, peer, loc, inline)

    def vpc_group_rule(self, blk: Block, egress: bool) -> None:
        loc = self.at(blk, blk.file)
        group = self.ref(self.value(blk, "security_group_id"), loc)
        if not isinstance(group, str):
            return
        proto = values.protocol(self.plain(self.value(blk, "ip_protocol"), loc), loc)
        span = values.ports(proto, self.plain(self.value(blk, "from_port"), loc),
                            self.plain(self.value(blk, "to_port"), loc), loc)
        if "cidr_ipv4" in blk.attributes:
            peer: Any = values.cidr(self.plain(self.value(blk, "cidr_ipv4"), loc), loc)
        elif "referenced_security_group_id" in blk.attributes:
            ref = self.ref(self.value(blk, "referenced_security_group_id"), loc)
            peer = GroupRef(ref) if isinstance(ref, str) else ref
        elif "prefix_list_id" in blk.attributes:
            peer = Unknown("a prefix list", loc)
        else:  # IPv6 only
            self.b.note(Unknown("an IPv6 security-group rule", loc))
            return
        self.b.group_rule(group, egress, proto, span, peer, loc, inline=False)
