"""Terraform endpoints: instances (with launch templates), load balancers and DB instances.

A mixin of the Terraform reader (terraform.py): it uses the reader's builder
(`self.b`), its value readers (`value`, `plain`, `ref`, `refs`, `at`) and its
resources by address (`self.resources`).
"""

from __future__ import annotations

from typing import Any

from verifier.network import values
from verifier.network.addresses import TCP, parse_address
from verifier.network.build import Builder
from verifier.network.ir import Unknown
from verifier.policy.templates.terraform import Block
from verifier.result import Location


class TerraformEndpoints:
    """Endpoint resources of a Terraform module, read into `self.b`."""

    b: Builder
    resources: dict[str, Block]

    def instance(self, address: str, blk: Block) -> None:
        loc = self.at(blk, blk.file)
        template = self.launch_template(blk, loc)
        if any(n.kind == "network_interface" for n in blk.blocks):
            faces = [{"subnet": Unknown("an attached network interface resource", loc), "loc": loc}]
        else:
            groups = self.refs(self.value(blk, "vpc_security_group_ids", template.get("groups")), loc)
            if self.value(blk, "security_groups") is not None:
                groups.append("a security group named by name (not followed)")
            public = self.value(blk, "associate_public_ip_address", template.get("public"))
            subnet = self.value(blk, "subnet_id", template.get("subnet"))
            private = self.value(blk, "private_ip")
            faces = [{"subnet": self.ref(subnet, loc), "groups": groups or ["the VPC's default group"],
                      "public": None if public is None else values.flag(self.plain(public, loc), loc),
                      "address": parse_address(private) if isinstance(private, str) else None, "loc": loc}]
        self.b.endpoint(address, "instance", loc, faces)

    def launch_template(self, blk: Block, loc: Location) -> dict:
        spec = next((n for n in blk.blocks if n.kind == "launch_template"), None)
        if spec is None:
            return {}
        ref = self.ref(self.value(spec, "id") or self.value(spec, "name"), loc)
        lt = self.resources.get(ref) if isinstance(ref, str) else None
        if lt is None:
            return {}
        out: dict = {"groups": self.value(lt, "vpc_security_group_ids")}
        face = next((n for n in lt.blocks if n.kind == "network_interfaces"), None)
        if face is not None:
            out.update(groups=self.value(face, "security_groups", out["groups"]), subnet=self.value(face, "subnet_id"),
                       public=self.value(face, "associate_public_ip_address"))
        return out

    def database(self, address: str, blk: Block) -> None:
        """An aws_db_instance: in one subnet of its aws_db_subnet_group, on its port; publicly_accessible
        defaults to false (registry.terraform.io aws_db_instance, cited 2026-12-04)."""
        loc = self.at(blk, blk.file)
        group = self.ref(self.value(blk, "db_subnet_group_name"), loc)
        spec = self.resources.get(group) if isinstance(group, str) else None
        subnets = self.ref_list(self.value(spec, "subnet_ids"), loc) if spec else []
        if not subnets:
            subnets = [group if isinstance(group, Unknown) else None]
        public = values.flag(self.plain(self.value(blk, "publicly_accessible"), loc), loc)
        port = values.database_port(self.plain(self.value(blk, "port"), loc), self.value(blk, "engine"), loc)
        faces = [{"subnet": s, "groups": self.refs(self.value(blk, "vpc_security_group_ids"), loc)
                  or ["the VPC's default group"], "public": public, "loc": loc} for s in subnets]
        self.b.endpoint(address, "database", loc, faces, listeners=True,
                        unsupported=port if isinstance(port, Unknown) else None, placed_once=True)
        if isinstance(port, int):
            self.b.listener(address, TCP, port, loc)

    def classic_load_balancer(self, address: str, blk: Block) -> None:
        """An aws_elb: internet-facing unless internal, listening on its listener blocks' lb_port."""
        loc = self.at(blk, blk.file)
        internal = values.flag(self.plain(self.value(blk, "internal"), loc), loc)
        public: Any = (not internal) if isinstance(internal, bool) else internal
        subnets = self.ref_list(self.value(blk, "subnets"), loc) or [None]
        groups = self.refs(self.value(blk, "security_groups"), loc) or ["the VPC's default group"]
        faces = [{"subnet": s, "groups": groups, "public": public, "loc": loc} for s in subnets]
        self.b.endpoint(address, "load-balancer", loc, faces, listeners=True)
        for listener in (n for n in blk.blocks if n.kind == "listener"):
            at = self.at(listener, listener.file)
            port = values.number(self.plain(self.value(listener, "lb_port"), at), at)
            kind = str(self.value(listener, "lb_protocol", "")).upper()
            if not isinstance(port, int) or kind not in ("HTTP", "HTTPS", "TCP", "SSL"):
                self.b.net.endpoints[address].unsupported = Unknown("a listener not read", at)
                continue
            self.b.listener(address, TCP, port, at)

    def load_balancer(self, address: str, blk: Block) -> None:
        loc = self.at(blk, blk.file)
        kind = self.value(blk, "load_balancer_type", "application")
        internal = values.flag(self.plain(self.value(blk, "internal"), loc), loc)
        public: Any = (not internal) if isinstance(internal, bool) else internal
        subnets = self.ref_list(self.value(blk, "subnets"), loc)
        subnets += [self.ref(self.value(m, "subnet_id"), loc) for m in blk.blocks if m.kind == "subnet_mapping"]
        groups = self.refs(self.value(blk, "security_groups"), loc)
        unsupported = None if kind in ("application", "network") else Unknown(f"a {kind} load balancer", loc)
        if kind == "application" and not groups:
            groups = ["the VPC's default group"]
        faces = [{"subnet": s, "groups": groups, "public": public, "loc": loc} for s in subnets]
        self.b.endpoint(address, "load-balancer", loc, faces, listeners=True, filtered=bool(groups),
                        unsupported=unsupported)
