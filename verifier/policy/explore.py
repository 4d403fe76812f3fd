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
from verifier.deadline import OutOfTime, current
from verifier.policy.encode import decimal_text
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
EXPLORE_EXAMPLES = 25
REFUTE_EXAMPLES = 40

Holds = Callable[[Request], bool]


def explore(request: Request, holds: Holds, policies: list[Policy], cat: Catalogue) -> dict[str, int]:
    """``{"tried": n, "failing": k}``: variants of `request` tried, and how many still satisfy `holds`."""
    m = _Material(policies, cat)
    variants = st.builds(
        Request,
        action=_keep_or(request.action, m.action_values()),
        resource=_keep_or(request.resource, m.resource_values()),
        principal=_keep_or(request.principal, m.principal_values()) if m.has_principal else st.just(request.principal),
        context=st.one_of(st.just(request.context), _vary_context(request, m)),
    )
    counts = {"tried": 0, "failing": 0}

    def record(req: Request) -> None:
        try:
            counts["failing"] += bool(holds(req))
            counts["tried"] += 1
        except OutOfTime:
            pass  # the variants tried so far are what is reported

    _run(variants, record, EXPLORE_EXAMPLES)
    return counts


def refute(holds: Holds, policies: list[Policy], cat: Catalogue) -> Request | None:
    """A request with `holds` true, if Hypothesis finds one among generated ones
    (OutOfTime when the deadline passes before every example was tried)."""
    found: list[Request] = []
    late: list[bool] = []

    def record(req: Request) -> None:
        try:
            current().check()
            if not found and holds(req):
                found.append(req)
        except OutOfTime:
            late.append(True)

    _run(requests(policies, cat), record, REFUTE_EXAMPLES)
    if found:
        return found[0]
    if late:
        raise OutOfTime(current().reason())
    return None


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
    """Strategies for each request field, drawing from values precomputed out of
    the policies' constants (cheap to generate, and on the boundaries)."""

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
        return st.sampled_from(self.action_values())

    def resources(self) -> st.SearchStrategy[str]:
        return st.sampled_from(self.resource_values())

    def principals(self) -> st.SearchStrategy[RequestPrincipal | None]:
        return st.sampled_from(self.principal_values()) if self.has_principal else st.none()

    def action_values(self) -> list[str]:
        names: list[str] = []
        for s in self.statements:
            current().check()
            for p in s.actions:
                names += [self.cat.actions[i] for i in sorted(self.cat.matching(p))[:12]]
        names += [self.cat.actions[i] for i in range(0, len(self.cat), max(1, len(self.cat) // 40))]
        names = list(dict.fromkeys(names))
        return names + [n.lower() for n in names[:10]]

    def resource_values(self) -> list[str]:
        values = ["*", "arn:aws:s3:::other-bucket/key", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"]
        for s in self.statements:
            for r in s.resources or ():
                values += _fills(r)
        return list(dict.fromkeys(values))

    def principal_values(self) -> list[RequestPrincipal]:
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
        return values

    def context(self) -> st.SearchStrategy[tuple[tuple[str, tuple[str, ...]], ...]]:
        if not self.keys:
            return st.just(())
        entries = []
        for key, text in sorted(self.keys.items()):
            values = self._values(key)
            choices = [()] + [(v,) for v in values]
            if any(c.qualifier for c in self.conditions if c.key == key):
                choices += [tuple(values[i : i + 2]) for i in range(0, len(values) - 1, 2)]
            entries.append(st.sampled_from(choices).map(lambda v, text=text: (text, v)))
        return st.tuples(*entries).map(lambda kv: tuple(x for x in kv if x[1]))

    def _values(self, key: str) -> list[str]:
        """Well-typed values for `key`: requests carry the type AWS gives the key."""
        conds = [c for c in self.conditions if c.key == key and c.base != "Null"]
        family = conds[0].family if conds else "string"
        values = list(_GENERIC.get(family, _GENERIC["string"]))
        for c in conds:
            for v in c.values:
                values += _near(c, v)
        return list(dict.fromkeys(values))


#: values tried for any key of a family, besides those near the policy's constants
_GENERIC = {
    "string": ("alice", "x", ""),
    "numeric": ("0", "7"),
    "date": ("2024-01-01T00:00:00Z",),
    "bool": ("true", "false"),
    "ip": ("10.1.2.3", "2001:db8::5"),
    "binary": ("QUJD",),
}


def _keep_or(value: object, others: list) -> st.SearchStrategy:
    """The counterexample's own value half the time, else one of `others`."""
    return st.sampled_from([value] * max(1, len(others)) + others)


def _vary_context(request: Request, m: _Material) -> st.SearchStrategy:
    if not request.context:
        return m.context()
    keep = st.lists(st.booleans(), min_size=len(request.context), max_size=len(request.context))
    return st.one_of(m.context(), keep.map(lambda bits: tuple(kv for kv, b in zip(request.context, bits) if b)))


#: what a wildcard is filled with in generated values
_FILLERS = ("", "x", "a/b", "a:b", "Z", "*")


def _fills(p: Pattern) -> list[str]:
    """Strings the pattern describes: each filler in every wildcard, variables as "alice"."""
    out = []
    for filler in _FILLERS:
        text = []
        for part in p.parts:
            if isinstance(part, Wild):
                text.append(filler if part == ANY else (filler or "q")[:1])
            elif isinstance(part, Var):
                text.append("alice")
            else:
                text.append(part)
        out.append("".join(text))
    return out


def _near(c: Condition, v: object) -> list[str]:
    """Request values at and around the policy value `v` of condition `c`."""
    if isinstance(v, Pattern):
        fills = _fills(v)
        return fills + [f.upper() for f in fills[:2]] + [v.text]
    if isinstance(v, bool):
        return ["true", "false", "TRUE"]
    if isinstance(v, Fraction):
        deltas = [Fraction(0), Fraction(1), Fraction(-1), Fraction(1, 2), Fraction(-1, 1000)]
        if c.family == "date":
            return [_iso(v + d) for d in deltas]
        return [decimal_text(v + d) for d in deltas]
    net = v  # an IP network
    first = int(net.network_address)  # type: ignore[attr-defined]
    cls = ipaddress.IPv6Address if net.version == 6 else ipaddress.IPv4Address  # type: ignore[attr-defined]
    top = 2 ** (128 if net.version == 6 else 32) - 1  # type: ignore[attr-defined]
    size = net.num_addresses  # type: ignore[attr-defined]
    points = [first, first + size - 1, max(first - 1, 0), min(first + size, top)]
    return [str(cls(x)) for x in points]


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


def _iso(x: Fraction) -> str:
    """The date `x` seconds after 1970 (whole seconds); as epoch seconds when ISO 8601 cannot write it."""
    seconds = x.numerator // x.denominator
    try:
        when = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)
    except OverflowError:
        return str(max(seconds, 0))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")

