"""Hypothesis around the SMT answers, judged by the concrete evaluator.

* `requests(policies)`: a strategy of requests built from the policies' own
  material (actions their patterns match, resources their patterns describe,
  the constants their conditions compare against, nudged), so generated
  requests land on the interesting boundaries.
* `explore(request, holds, ...)`: vary a counterexample field by field and
  count how many variants are still counterexamples -- how wide the difference is.
* `refute(holds, ...)`: look for a request the SMT answer "none exists" missed.

Runs are derandomized and keep no example database, so answers are repeatable.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from typing import Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from verifier.policy.catalogue import Catalogue
from verifier.policy.ir import (
    ANY,
    Condition,
    Pattern,
    Policy,
    Request,
    RequestPrincipal,
    Var,
    Wild,
)

#: examples per run: enough to map the neighbourhood, cheap next to the solver
EXPLORE_EXAMPLES = 60
REFUTE_EXAMPLES = 60

Holds = Callable[[Request], bool]
_TEXT = "ab/:-.*x0"


def explore(request: Request, holds: Holds, policies: list[Policy], cat: Catalogue) -> dict[str, int]:
    """Variants of `request` tried, and how many still satisfy `holds`."""
    material = _Material(policies, cat)
    variants = st.builds(
        Request,
        action=st.one_of(st.just(request.action), material.actions()),
        resource=st.one_of(st.just(request.resource), material.resources()),
        principal=st.one_of(st.just(request.principal), material.principals()),
        context=st.one_of(st.just(request.context), _vary_context(request, material)),
    )
    counts = {"variants": 0, "still_failing": 0}

    def record(req: Request) -> None:
        counts["variants"] += 1
        counts["still_failing"] += bool(holds(req))

    _run(variants, record, EXPLORE_EXAMPLES)
    return counts


def refute(holds: Holds, policies: list[Policy], cat: Catalogue) -> Request | None:
    """A request with `holds` true, if Hypothesis finds one among generated ones."""
    found: list[Request] = []

    def record(req: Request) -> None:
        if not found and holds(req):
            found.append(req)

    _run(requests(policies, cat), record, REFUTE_EXAMPLES)
    return found[0] if found else None


def requests(policies: list[Policy], cat: Catalogue) -> st.SearchStrategy[Request]:
    """Requests made of the policies' own material."""
    m = _Material(policies, cat)
    return st.builds(Request, action=m.actions(), resource=m.resources(), principal=m.principals(), context=m.context())


def _run(strategy: st.SearchStrategy, record: Callable, examples: int) -> None:
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: object) -> None:
        record(value)

    try:
        run()
    except HypothesisException:
        pass  # too few distinct examples is fine: we count what ran


class _Material:
    """Strategies for each request field, seeded with the policies' constants."""

    def __init__(self, policies: list[Policy], cat: Catalogue) -> None:
        self.cat = cat
        self.statements = [s for p in policies for s in p.statements]
        self.conditions = [c for s in self.statements for c in s.conditions]
        self.keys = {c.key: c.key_text for c in self.conditions}
        for s in self.statements:
            for r in s.resources or ():
                for v in r.variables:
                    self.keys.setdefault(v.key, v.text[2:-1].split(",")[0].strip())
        self.has_principal = any(s.principals is not None for s in self.statements)

    def actions(self) -> st.SearchStrategy[str]:
        names: list[str] = []
        for s in self.statements:
            for p in s.actions:
                names += [self.cat.actions[i] for i in sorted(self.cat.matching(p))[:12]]
        names += [self.cat.actions[i] for i in range(0, len(self.cat), max(1, len(self.cat) // 40))]
        names = list(dict.fromkeys(names))
        return st.sampled_from(names).map(lambda a: a if len(a) % 3 else a.lower())

    def resources(self) -> st.SearchStrategy[str]:
        patterns = [r for s in self.statements for r in (s.resources or ())]
        choices = [st.sampled_from(["*", "arn:aws:s3:::other-bucket/key", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"])]
        choices += [_fill(p) for p in patterns]
        return st.one_of(choices)

    def principals(self) -> st.SearchStrategy[RequestPrincipal | None]:
        if not self.has_principal:
            return st.none()
        values = [
            RequestPrincipal("Anonymous", ""),
            RequestPrincipal("AWS", "arn:aws:iam::999999999999:user/mallory"),
            RequestPrincipal("Service", "lambda.amazonaws.com"),
        ]
        for s in self.statements:
            for p in s.principals or ():
                if p.kind == "AWS" and p.value != "*":
                    values += _aws_principals(p.value)
                elif p.kind not in ("*", "AWS"):
                    values.append(RequestPrincipal(p.kind, p.value))
        return st.sampled_from(values)

    def context(self) -> st.SearchStrategy[tuple[tuple[str, tuple[str, ...]], ...]]:
        if not self.keys:
            return st.just(())
        entries = [
            st.one_of(st.none(), st.lists(self._values(key), min_size=1, max_size=3).map(tuple)).map(
                lambda v, text=text: (text, v) if v else None
            )
            for key, text in sorted(self.keys.items())
        ]
        return st.tuples(*entries).map(lambda kv: tuple(x for x in kv if x is not None))

    def _values(self, key: str) -> st.SearchStrategy[str]:
        conds = [c for c in self.conditions if c.key == key]
        options: list[st.SearchStrategy[str]] = [st.sampled_from(["alice", "x", "true", "10.1.2.3", "0", ""])]
        for c in conds:
            options += [_near(c, v) for v in c.values]
        return st.one_of(options)


def _vary_context(request: Request, m: _Material) -> st.SearchStrategy:
    if not request.context:
        return m.context()
    keep = st.lists(st.booleans(), min_size=len(request.context), max_size=len(request.context))
    return st.one_of(m.context(), keep.map(lambda bits: tuple(kv for kv, b in zip(request.context, bits) if b)))


def _fill(p: Pattern, text: str = _TEXT) -> st.SearchStrategy[str]:
    """Strings the pattern describes, wildcards filled with short runs."""
    parts = []
    for part in p.parts:
        if isinstance(part, Wild):
            size = (0, 4) if part == ANY else (1, 1)
            parts.append(st.text(alphabet=text, min_size=size[0], max_size=size[1]))
        elif isinstance(part, Var):
            parts.append(st.sampled_from(["alice", part.default or "bob"]))
        else:
            parts.append(st.just(part))
    return st.tuples(*parts).map("".join) if parts else st.just("")


def _near(c: Condition, v: object) -> st.SearchStrategy[str]:
    """Request values at and around the policy value `v` of condition `c`."""
    if isinstance(v, Pattern):
        return st.one_of(_fill(v), _fill(v).map(str.upper), st.just(v.text))
    if isinstance(v, bool):
        return st.sampled_from(["true", "false"])
    if isinstance(v, Fraction):
        deltas = [Fraction(0), Fraction(1), Fraction(-1), Fraction(1, 2), Fraction(-1, 1000)]
        if c.family == "date":
            return st.sampled_from([_iso(v + d) for d in deltas])
        return st.sampled_from([_dec(v + d) for d in deltas])
    net = v  # an IP network
    first = int(net.network_address)  # type: ignore[attr-defined]
    cls = ipaddress.IPv6Address if net.version == 6 else ipaddress.IPv4Address  # type: ignore[attr-defined]
    top = 2 ** (128 if net.version == 6 else 32) - 1  # type: ignore[attr-defined]
    size = net.num_addresses  # type: ignore[attr-defined]
    points = [first, first + size - 1, max(first - 1, 0), min(first + size, top)]
    return st.sampled_from([str(cls(x)) for x in points])


def _aws_principals(value: str) -> list[RequestPrincipal]:
    if value.isdigit():
        return [RequestPrincipal("AWS", f"arn:aws:iam::{value}:user/alice")]
    out = [RequestPrincipal("AWS", value)]
    parts = value.split(":")
    if len(parts) == 6 and parts[5].startswith("role/"):
        name = parts[5].split("/")[-1]
        out.append(RequestPrincipal("AWS", f"arn:{parts[1]}:sts::{parts[4]}:assumed-role/{name}/s1"))
    if len(parts) == 6 and parts[5] == "root":
        out.append(RequestPrincipal("AWS", f"arn:{parts[1]}:iam::{parts[4]}:user/bob"))
    return out


def _dec(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):.6f}".rstrip("0")


def _iso(x: Fraction) -> str:
    when = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=float(x))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")

