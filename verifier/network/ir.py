"""The network IR: VPCs, subnets, route tables, NACLs, security groups, gateways, peerings, endpoints.

Every rule carries the `Location` (file, 1-based line and column) of the template text it
comes from. A value the template leaves to deployment (a parameter, a variable) or that
this reader does not follow is an `Unknown` naming the construct and its line: the
questions whose answer depends on it are unknown, the others are still answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from verifier.network.addresses import Cidr
from verifier.result import Location


@dataclass(frozen=True)
class Unknown:
    """A value we cannot read exactly: `what` says which construct, `loc` where it is."""

    what: str
    loc: Location

    def __str__(self) -> str:
        return f"{self.what} at line {self.loc.line}"


@dataclass(frozen=True)
class Ports:
    """An inclusive port range."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@dataclass(frozen=True)
class GroupRef:
    """A security-group rule's peer given as another security group (by id)."""

    group: str


@dataclass(frozen=True)
class GroupRule:
    """One security-group rule: protocol (-1 all), ports (None: every port), peer (prefix or group).
    `unknown`: a part of the rule we cannot read (it may or may not match)."""

    group: str
    egress: bool
    protocol: int
    ports: Ports | None
    peer: Cidr | GroupRef | None
    loc: Location
    unknown: Unknown | None = None


@dataclass
class SecurityGroup:
    id: str
    vpc: str | None
    loc: Location
    rules: list[GroupRule] = field(default_factory=list)


@dataclass(frozen=True)
class AclEntry:
    """One network ACL entry: rule number, direction, protocol, allow or deny (None: unknown), prefix and ports."""

    number: int
    egress: bool
    protocol: int
    allow: bool | None
    cidr: Cidr | None
    ports: Ports | None
    loc: Location
    unknown: Unknown | None = None


@dataclass
class Acl:
    id: str
    vpc: str | None
    loc: Location
    entries: list[AclEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """Where a route sends a packet: `kind` local, igw, nat, peering, or another gateway kind we do not follow."""

    kind: str
    id: str

    def __str__(self) -> str:
        return self.kind if self.kind == "local" else f"{self.kind} {self.id}"


FOLLOWED_TARGETS = ("local", "igw", "nat", "peering")


@dataclass(frozen=True)
class Route:
    destination: Cidr | None
    target: Target | None
    loc: Location
    unknown: Unknown | None = None


@dataclass
class RouteTable:
    id: str
    vpc: str | None
    loc: Location
    routes: list[Route] = field(default_factory=list)


@dataclass
class Vpc:
    id: str
    cidr: Cidr | Unknown
    loc: Location
    gateways: list[str] = field(default_factory=list)  # internet gateways attached
    main_table: str | None = None  # a main route table the template manages (Terraform)
    ingress_routing: Unknown | None = None  # a gateway route table (edge association) we do not follow
    default_acl: str | None = None  # a default network ACL the template manages (Terraform)


@dataclass
class Subnet:
    id: str
    vpc: str | None
    cidr: Cidr | Unknown
    loc: Location
    public_on_launch: bool | Unknown = False
    route_table: str | None = None  # None: the VPC's main route table (local route only)
    acl: str | None = None  # None: the VPC's default network ACL (allows everything)


@dataclass(frozen=True)
class NatGateway:
    id: str
    subnet: str
    public: bool
    loc: Location


@dataclass(frozen=True)
class Peering:
    id: str
    vpcs: tuple[str, str]
    loc: Location


@dataclass(frozen=True)
class Interface:
    """A network interface of an endpoint: its subnet, security groups, public IP, fixed private IP."""

    subnet: str
    groups: tuple[str, ...]
    public: bool | Unknown
    address: int | None
    loc: Location


@dataclass(frozen=True)
class Listener:
    protocol: int
    port: int
    loc: Location


@dataclass
class Endpoint:
    """Something packets are addressed to: an instance or a load balancer.

    `listeners` None accepts any port (an instance); a load balancer or database accepts
    only its listeners. `filtered` False: no security group applies (a network load
    balancer created without one). `placed_once`: the endpoint sits in one of its
    interfaces' subnets, chosen by AWS (a database in a subnet group), rather than in
    all of them (a load balancer). `unsupported` makes every question about it unknown."""

    id: str
    kind: str
    loc: Location
    interfaces: list[Interface] = field(default_factory=list)
    listeners: list[Listener] | None = None
    filtered: bool = True
    unsupported: Unknown | None = None
    placed_once: bool = False


@dataclass
class Network:
    """Everything one template (or module) describes, by id; `notes` are constructs not read that may
    add reachability (IPv6, addresses on interfaces we do not follow): no yes holds past them;
    `uncertain` are gateways, subnets or associations created only under a condition or count, which
    may add or take away reachability: no answer holds past them."""

    file: str
    vpcs: dict[str, Vpc] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    route_tables: dict[str, RouteTable] = field(default_factory=dict)
    acls: dict[str, Acl] = field(default_factory=dict)
    groups: dict[str, SecurityGroup] = field(default_factory=dict)
    nats: dict[str, NatGateway] = field(default_factory=dict)
    peerings: dict[str, Peering] = field(default_factory=dict)
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    gateways: dict[str, str | None] = field(default_factory=dict)  # internet gateway -> VPC attached
    notes: list[Unknown] = field(default_factory=list)
    uncertain: list[Unknown] = field(default_factory=list)  # resources that may or may not exist: no answer holds
