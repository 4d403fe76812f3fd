"""IPv4 prefixes, protocol numbers and the address ranges the internet never uses as a source."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

ANY_PROTOCOL = -1
TCP, UDP, ICMP = 6, 17, 1

#: protocol names the templates use (CloudFormation and Terraform accept names or numbers)
PROTOCOL_NAMES = {"tcp": TCP, "udp": UDP, "icmp": ICMP, "-1": ANY_PROTOCOL, "all": ANY_PROTOCOL}

#: protocols whose rules carry a port range (for any other protocol a rule covers every port)
PORTED = (TCP, UDP)

#: ports a NAT gateway translates to (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html,
#: cited 2026-12-04: "NAT gateways ... use ports 1024-65535")
NAT_PORTS = (1024, 65535)


@dataclass(frozen=True, order=True)
class Cidr:
    """An IPv4 prefix: `network` as a 32-bit integer and its `length` (0-32)."""

    network: int
    length: int

    @property
    def mask(self) -> int:
        return (0xFFFFFFFF << (32 - self.length)) & 0xFFFFFFFF

    @property
    def last(self) -> int:
        return self.network | (~self.mask & 0xFFFFFFFF)

    def contains(self, address: int) -> bool:
        return address & self.mask == self.network

    def __str__(self) -> str:
        return f"{ipaddress.IPv4Address(self.network)}/{self.length}"


def parse_cidr(text: str) -> Cidr | None:
    """The prefix written `text` (host bits must be zero, as AWS requires); None if it is not one."""
    try:
        net = ipaddress.IPv4Network(text.strip(), strict=True)
    except ValueError:
        return None
    return Cidr(int(net.network_address), net.prefixlen)


def parse_address(text: str) -> int | None:
    try:
        return int(ipaddress.IPv4Address(text.strip()))
    except ValueError:
        return None


def dotted(address: int) -> str:
    return str(ipaddress.IPv4Address(address))


#: Sources a packet from the internet cannot carry: the special-purpose ranges of RFC 6890 that are not
#: globally routable (this network, private-use, shared address space, loopback, link local, the IETF
#: protocol block, documentation, benchmarking, multicast and reserved). (https://www.rfc-editor.org/rfc/rfc6890,
#: https://www.iana.org/assignments/iana-ipv4-special-registry/, cited 2026-12-04.)
NOT_INTERNET = tuple(
    c for c in (parse_cidr(t) for t in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/3",
    )) if c is not None
)


def is_internet(address: int) -> bool:
    """Could a packet from the internet carry `address` as its source (or a public IP AWS assigns)?"""
    return not any(c.contains(address) for c in NOT_INTERNET)


def usable(subnet: Cidr) -> tuple[int, int]:
    """The addresses AWS may give an interface in `subnet`: all but the first four and the last
    (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html, cited 2026-12-04)."""
    return subnet.network + 4, subnet.last - 1


def protocol_name(number: int) -> str:
    names = {TCP: "tcp", UDP: "udp", ICMP: "icmp", ANY_PROTOCOL: "all"}
    return names.get(number, str(number))
