"""The four questions of `verify network`, each answered as `Result`s.

- `no_public_ingress`: per endpoint, can no packet from the internet reach it (on the ports asked)?
- `can_reach`: does some packet from SRC (an endpoint, or the internet) reach DST on the port?
- `isolated`: no packet of any protocol or port in either direction between A and B?
- `no_new_reachability`: per endpoint of NEW, does nothing reach it that could not in OLD?

A no carries a concrete packet and its path (each hop with its rule and position),
replayed through the evaluator; a yes of `can_reach` shows its packet and path in the
certificate. Where the answer depends on a value we cannot read or an address AWS
assigns, the answer is unknown and says which.
"""

from __future__ import annotations

import time

from verifier.deadline import Deadline
from verifier.network.evaluate import passes, walk
from verifier.network.ir import Endpoint, Network
from verifier.network.paths import INTERNET, internet_paths, new_keys, paths_between
from verifier.network.reach import Outcome, Side, decide
from verifier.network.witness import evidence, one_line
from verifier.registry import UnknownReason
from verifier.result import Certificate, Location, Result, Verdict

ENGINE = "network"
#: inclusive ranges of ports or protocol numbers a question asks about
Ranges = tuple[tuple[int, int], ...]


def _unknown(check: str, target: str, loc: Location, reason: str, started: float) -> Result:
    return Result(check, target, loc, Verdict.UNKNOWN, reason=reason, engine=ENGINE, time_s=time.monotonic() - started)


def _undecided(outcome: Outcome) -> str:
    if outcome.status == "timeout":
        return UnknownReason.TIMEOUT.describe("z3 did not answer before the deadline; try a larger --timeout")
    if outcome.status == "solver":
        return UnknownReason.INCOMPLETE.describe(f"z3 could not decide the query ({', '.join(outcome.depends_on)})")
    if outcome.status == "depends":
        what = ", ".join(outcome.depends_on[:4]) + (", ..." if len(outcome.depends_on) > 4 else "")
        category = UnknownReason.UNSUPPORTED if any(" at line " in d or "not in the template" in d
                                                    for d in outcome.depends_on) else UnknownReason.INCOMPLETE
        return category.describe(f"the answer depends on {what}")
    return UnknownReason.INCOMPLETE.describe("the packet z3 found did not pass the concrete evaluator")


def _settled(result: Result, *nets: Network) -> Result:
    """An answer holds only for what was read. Resources that may not exist (`Network.uncertain`) make any
    answer unknown; constructs that may add reachability (`Network.notes`) make unknown an answer that
    claims a packet cannot pass (a yes, except can-reach's, and can-reach's no), naming them."""
    uncertain = [u for net in nets for u in net.uncertain]
    if uncertain and result.verdict != Verdict.UNKNOWN:
        return _demoted(result, f"the answer depends on whether {uncertain[0]} exists")
    notes = [n for net in nets for n in net.notes]
    claims_no_packet = (result.verdict == Verdict.YES) != (result.check == "network-can-reach")
    if not notes or result.verdict == Verdict.UNKNOWN or not claims_no_packet:
        return result
    more = f" and {len(notes) - 1} more" if len(notes) > 1 else ""
    return _demoted(result, f"{result.message} over IPv4 and what was read, but {notes[0]}{more} may add reachability")


def _demoted(result: Result, why: str) -> Result:
    result.verdict, result.certificate, result.counterexample = Verdict.UNKNOWN, None, None
    result.reason = UnknownReason.UNSUPPORTED.describe(why)
    return result


def _target(net: Network, name: str) -> str:
    return f"{net.file}:{name}"


def no_public_ingress(net: Network, ports: Ranges | None, protocols: Ranges | None,
                      deadline: Deadline) -> list[Result]:
    """One result per endpoint: yes when no packet from the internet reaches it."""
    check = "network-no-public-ingress"
    results = []
    for e in net.endpoints.values():
        started = time.monotonic()
        target = _target(net, e.id)
        if e.unsupported:
            results.append(_unknown(check, target, e.loc, UnknownReason.UNSUPPORTED.describe(str(e.unsupported)), started))
            continue
        outcome = decide(Side(internet_paths(net, e)), None, {"proto": protocols, "dport": ports}, deadline)
        asked = _asked(ports, protocols)
        if outcome.status == "unreachable":
            results.append(_settled(Result(check, target, e.loc, Verdict.YES, engine=ENGINE,
                                           time_s=time.monotonic() - started,
                                           message=f"no packet from the internet reaches {e.id}{asked}",
                                           certificate=_unsat("from the internet", outcome)), net))
        elif outcome.status == "reachable" and outcome.replayed:
            results.append(_settled(Result(check, target, e.loc, Verdict.NO, engine=ENGINE,
                                           time_s=time.monotonic() - started,
                                           message=f"the internet reaches {e.id} on {_port_text(outcome)}",
                                           counterexample=evidence(outcome.path, outcome.values, outcome.steps,
                                                                   INTERNET, e.id, True)), net))
        else:
            results.append(_unknown(check, target, e.loc, _undecided(outcome), started))
    return results


def can_reach(net: Network, source: str, target: str, ports: Ranges, protocols: Ranges | None,
              deadline: Deadline) -> Result:
    """Yes (with the packet and its path) when some packet from `source` reaches `target`."""
    check = "network-can-reach"
    started = time.monotonic()
    dst = net.endpoints[target]
    name = f"{net.file}:{source} -> {target}"
    problem = _unsupported(dst, None if source == INTERNET else net.endpoints[source])
    if problem:
        return _unknown(check, name, dst.loc, problem, started)
    paths = internet_paths(net, dst) if source == INTERNET else paths_between(net, net.endpoints[source], dst)
    outcome = decide(Side(paths), None, {"proto": protocols, "dport": ports}, deadline)
    asked = _asked(ports, protocols)
    if outcome.status == "reachable" and outcome.replayed:
        return _settled(Result(check, name, dst.loc, Verdict.YES, engine=ENGINE, time_s=time.monotonic() - started,
                               message=f"{source} reaches {target}{asked}",
                               certificate=Certificate("packet", one_line(outcome.path, outcome.values, outcome.steps,
                                                                            source, target),
                                                       ["the concrete evaluator"])), net)
    if outcome.status == "unreachable":
        path, steps = _farthest(paths, outcome.values)
        blocked = not any(passes(p, outcome.values) for p in paths)  # no path at all: nothing to pass
        return _settled(Result(check, name, dst.loc, Verdict.NO, engine=ENGINE, time_s=time.monotonic() - started,
                      message=f"no packet from {source} reaches {target}{asked}"
                              + ("" if paths else " (there is no path at all: no public address, gateway, "
                                                    "peering or shared VPC connects them)"),
                      counterexample=evidence(path, outcome.values, steps, source, target, blocked),
                      certificate=_unsat(f"from {source}", outcome)), net)
    return _unknown(check, name, dst.loc, _undecided(outcome), started)


def isolated(net: Network, a: str, b: str, deadline: Deadline) -> Result:
    """Yes when no packet goes from `a` to `b` or from `b` to `a`."""
    check = "network-isolated"
    started = time.monotonic()
    ea, eb = net.endpoints[a], net.endpoints[b]
    name = f"{net.file}:{a} <-> {b}"
    problem = _unsupported(ea, eb)
    if problem:
        return _unknown(check, name, eb.loc, problem, started)
    undecided = None
    settled = []
    for src, dst in ((ea, eb), (eb, ea)):
        outcome = decide(Side(paths_between(net, src, dst)), None, {}, deadline)
        settled.append(outcome)
        if outcome.status == "reachable" and outcome.replayed:
            return _settled(Result(check, name, dst.loc, Verdict.NO, engine=ENGINE, time_s=time.monotonic() - started,
                                   message=f"{src.id} reaches {dst.id} on {_port_text(outcome)}",
                                   counterexample=evidence(outcome.path, outcome.values, outcome.steps, src.id,
                                                           dst.id, True)), net)
        if outcome.status != "unreachable":
            undecided = undecided or outcome
    if undecided:
        return _unknown(check, name, eb.loc, _undecided(undecided), started)
    return _settled(Result(check, name, eb.loc, Verdict.YES, engine=ENGINE, time_s=time.monotonic() - started,
                           message=f"no packet goes between {a} and {b}, either way",
                           certificate=_unsat("either way", *settled)), net)


def no_new_reachability(old: Network, new: Network, deadline: Deadline) -> list[Result]:
    """One result per endpoint of `new`: yes when every packet that reaches it in `new` reached it in `old`
    (an endpoint or source absent from `old` was reached by nothing there)."""
    check = "network-no-new-reachability"
    results = []
    for dst in new.endpoints.values():
        started = time.monotonic()
        name = f"{old.file} -> {new.file}:{dst.id}"
        sources = [INTERNET] + [s for s in new.endpoints if s != dst.id]
        before = old.endpoints.get(dst.id)
        problem = _unsupported(dst, None) or (_unsupported(before, None) if before else None)
        if problem:
            results.append(_unknown(check, name, dst.loc, problem, started))
            continue
        verdict: Result | None = None
        undecided: str | None = None
        settled: list[Outcome] = []
        for source in sources:
            outcome = _new_paths(old, new, source, dst.id, deadline)
            if isinstance(outcome, Outcome):
                settled.append(outcome)
            if isinstance(outcome, str):
                undecided = undecided or outcome
                continue
            if outcome.status == "reachable" and outcome.replayed:
                verdict = Result(check, name, dst.loc, Verdict.NO, engine=ENGINE, time_s=time.monotonic() - started,
                                 message=f"{source} newly reaches {dst.id} on {_port_text(outcome)}",
                                 counterexample=evidence(outcome.path, outcome.values, outcome.steps, source, dst.id,
                                                         True))
                break
            if outcome.status != "unreachable":
                undecided = undecided or _undecided(outcome)
        if verdict is None:
            verdict = _unknown(check, name, dst.loc, undecided, started) if undecided else Result(
                check, name, dst.loc, Verdict.YES, engine=ENGINE, time_s=time.monotonic() - started,
                message=f"nothing reaches {dst.id} that could not before", certificate=_unsat("newly", *settled))
        elif verdict.verdict == Verdict.NO and old.notes:
            verdict = _unknown(check, name, dst.loc, UnknownReason.UNSUPPORTED.describe(
                f"{verdict.message}, unless {old.notes[0]} of the old template let it through"), started)
        results.append(_settled(verdict, old, new))
    return results


def _new_paths(old: Network, new: Network, source: str, target: str, deadline: Deadline) -> Outcome | str:
    keys = new_keys()
    dst = new.endpoints[target]
    if source != INTERNET and new.endpoints[source].unsupported:
        return UnknownReason.UNSUPPORTED.describe(str(new.endpoints[source].unsupported))
    fresh = internet_paths(new, dst, keys) if source == INTERNET else paths_between(new, new.endpoints[source], dst, keys)
    before = []
    if target in old.endpoints and (source == INTERNET or source in old.endpoints):
        if source != INTERNET and old.endpoints[source].unsupported:
            return UnknownReason.UNSUPPORTED.describe(str(old.endpoints[source].unsupported))
        o = old.endpoints[target]
        before = internet_paths(old, o, keys) if source == INTERNET else paths_between(old, old.endpoints[source], o, keys)
    return decide(Side(fresh), Side(before, "old "), {}, deadline)


def _unsupported(a: Endpoint, b: Endpoint | None) -> str | None:
    for e in (a, b):
        if e is not None and e.unsupported:
            return UnknownReason.UNSUPPORTED.describe(f"{e.id}: {e.unsupported}")
    return None


def _farthest(paths, values):
    """The path a packet gets farthest along before it is stopped (to show where and by which rule)."""
    if not paths or not values:
        return None, []
    best = max(paths, key=lambda p: len(walk(p, values)))
    return best, walk(best, values)


def _unsat(what: str, *outcomes: Outcome) -> Certificate:
    """The certificate of an unreachable answer: the solvers that found every query it rests on unsatisfiable."""
    solvers = [s for s in ("z3", "cvc5") if all(s in o.checked_by for o in outcomes)]
    note = "; ".join(sorted({o.note for o in outcomes if o.note}))
    return Certificate("unsat", f"no packet {what}: the reach formula (every path, every hop) is unsatisfiable "
                                "for every address AWS may assign", solvers, note)


def _asked(ports, protocols) -> str:
    from verifier.network.addresses import protocol_name

    def spans(ranges, name=str) -> str:
        return ",".join(name(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in ranges)

    text = ""
    if protocols:
        text += " over " + spans(protocols, protocol_name)
    if ports:
        text += " on port " + spans(ports)
    return text


def _port_text(outcome: Outcome) -> str:
    from verifier.network.addresses import protocol_name

    return f"{protocol_name(outcome.values.get('proto', 0))} port {outcome.values.get('dport', 0)}"
