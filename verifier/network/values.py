"""Reading rule fields the way both template languages write them: protocols, ports, prefixes, flags."""

from __future__ import annotations

from verifier.network.addresses import ANY_PROTOCOL, ICMP, PORTED, PROTOCOL_NAMES, Cidr, parse_cidr
from verifier.network.ir import Ports, Unknown
from verifier.result import Location


def protocol(value: object, loc: Location) -> int | Unknown:
    """A protocol written as a name (tcp, udp, icmp, all, -1) or an IANA number."""
    if isinstance(value, Unknown):
        return value
    text = str(value).strip().lower()
    if text in PROTOCOL_NAMES:
        return PROTOCOL_NAMES[text]
    if text.lstrip("-").isdigit() and -1 <= int(text) <= 255:
        return ANY_PROTOCOL if int(text) == -1 else int(text)
    return Unknown(f"protocol {value!r}", loc)


def ports(proto: int | Unknown, low: object, high: object, loc: Location) -> Ports | None | Unknown:
    """The port range of a rule; None where the protocol has no ports (or -1 means every port).
    ICMP rules name types and codes, which packets here do not carry: a specific one is unknown."""
    if isinstance(proto, Unknown):
        return None
    if isinstance(low, Unknown):
        return low
    if isinstance(high, Unknown):
        return high
    if proto == ICMP:
        if low in (None, -1, "-1") and high in (None, -1, "-1"):
            return None
        return Unknown(f"ICMP type {low} code {high}", loc)
    if proto not in PORTED:
        return None
    if low is None and high is None:
        return Ports(0, 65535)
    try:
        lo, hi = int(str(low if low is not None else high)), int(str(high if high is not None else low))
    except ValueError:
        return Unknown(f"port range {low}-{high}", loc)
    if lo == -1 and hi == -1:
        return Ports(0, 65535)
    if not (0 <= lo <= hi <= 65535):
        return Unknown(f"port range {low}-{high}", loc)
    return Ports(lo, hi)


def cidr(value: object, loc: Location) -> Cidr | Unknown:
    if isinstance(value, (Cidr, Unknown)):
        return value
    parsed = parse_cidr(str(value))
    return parsed if parsed is not None else Unknown(f"IPv4 prefix {value!r}", loc)


def flag(value: object, loc: Location, default: bool = False) -> bool | Unknown:
    if value is None:
        return default
    if isinstance(value, (bool, Unknown)):
        return value
    text = str(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    return Unknown(f"true or false {value!r}", loc)


def number(value: object, loc: Location) -> int | Unknown:
    if isinstance(value, Unknown):
        return value
    try:
        return int(str(value))
    except ValueError:
        return Unknown(f"number {value!r}", loc)


#: the port a DB instance listens on when the template gives none, by engine family
#: (AmazonRDS/latest/UserGuide/USER_ConnectToInstance.html and each engine's CreateDBInstance
#: `Port` default, cited 2026-12-04)
DATABASE_PORTS = {"mysql": 3306, "mariadb": 3306, "aurora-mysql": 3306, "postgres": 5432, "aurora-postgresql": 5432,
                  "oracle": 1521, "sqlserver": 1433, "db2": 50000}


def database_port(port: object, engine: object, loc: Location) -> int | Unknown:
    """The DB instance's port: the one given, else its engine's default."""
    if port is not None:
        return number(port, loc)
    family = next((p for e, p in DATABASE_PORTS.items() if isinstance(engine, str) and engine.lower().startswith(e)),
                  None)
    return family if family is not None else Unknown(f"the port of a {engine} database", loc)
