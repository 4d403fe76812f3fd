"""A concrete packet and its path as the Result's evidence (JSON-ready dicts and one-line text)."""

from __future__ import annotations

from verifier.network.addresses import dotted, protocol_name
from verifier.network.evaluate import Step
from verifier.network.hops import Path
from verifier.result import Counterexample


def packet(path: Path | None, values: dict[str, int], source: str, target: str) -> dict:
    """The packet: its endpoints, addresses, protocol and ports."""
    def address(var: str | None, fallback: str) -> str:
        return dotted(values[var]) if var and var in values else fallback

    return {
        "from": source,
        "to": target,
        "protocol": protocol_name(values.get("proto", 6)),
        "source": address(path.src if path else None, "any"),
        "source port": values.get("sport", 0),
        "destination": address(path.dst if path else None, f"the public address of {target}"
                               if path and path.dst.startswith("public ") else "its address"),
        "destination port": values.get("dport", 0),
        **({"via": path.via} if path and path.via else {}),
    }


def evidence(path: Path | None, values: dict[str, int], steps: list[Step], source: str, target: str,
             confirmed: bool) -> Counterexample:
    return Counterexample(request=packet(path, values, source, target), path=[s.to_json() for s in steps],
                          confirmed=confirmed, replay="the concrete evaluator" if confirmed else "")


def one_line(path: Path | None, values: dict[str, int], steps: list[Step], source: str, target: str) -> str:
    """The packet and each hop with its rule and position, for a certificate's text."""
    p = packet(path, values, source, target)
    head = (f"{p['protocol']} {p['source']}:{p['source port']} -> {p['destination']}:{p['destination port']}"
            f"{' via ' + p['via'] if 'via' in p else ''}")
    hops = "; ".join(f"{s.hop}: {s.rule}" + (f" ({s.loc})" if s.loc else "") for s in steps)
    return f"{head}: {hops}" if hops else head
