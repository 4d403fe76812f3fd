"""The result model shared by every check: Result, Counterexample, Certificate.

A `Result` is a plain record; reporters render it (text, JSON, SARIF) and
`exit_code` computes the process exit status from a list of them, once.
The JSON shape produced by `Result.to_json` is a contract (see DESIGN.md).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Accepted


class Verdict(str, enum.Enum):
    """The three answers."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class ExitCode(enum.IntEnum):
    """Process exit codes: the contract other tools read."""

    ALL_YES = 0
    SOME_NO = 1
    BAD_INPUT = 2
    SOME_UNKNOWN = 3
    INTERNAL_ERROR = 4


@dataclass(frozen=True)
class Location:
    """A source position; line and column are 1-based (0 when unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column}

    def __str__(self) -> str:
        text = self.file
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass
class TraceStep:
    """One state of a counterexample trace: the line reached and the values there."""

    line: int
    values: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "values": dict(self.values)}


@dataclass
class NondetSource:
    """Where one nondet value of a counterexample comes from: `label` (what it
    feeds, e.g. ``z = __VERIFIER_nondet_uint()``), its `line`, and whether the
    run `read` it (an uninitialised local assigned before any use is not)."""

    label: str
    line: int = 0
    read: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "line": self.line, "read": self.read}


@dataclass
class Counterexample:
    """Evidence for a no.

    For programs: `inputs` (parameters by name), `nondet` (the values returned
    by nondeterministic calls, in call order; `nondet_sources`, when known, says
    what each feeds, index for index) and `trace`. For policies:
    `request` and `decisions`. For networks: `request` (the packet) and `path` (each hop:
    `hop`, `passed`, the deciding `rule` and its `location`). `confirmed` is true only when a real replay
    (gcc binary, Python call, concrete policy evaluator) reproduced it;
    `explored` says what Hypothesis found around it.
    """

    inputs: dict[str, Any] = field(default_factory=dict)
    nondet: list[int] = field(default_factory=list)
    trace: list[TraceStep] = field(default_factory=list)
    request: dict[str, Any] | None = None
    decisions: dict[str, str] | None = None
    outputs: dict[str, Any] | None = None
    confirmed: bool = False
    replay: str = ""
    explored: dict[str, int] | None = None
    nondet_sources: list[NondetSource] = field(default_factory=list)
    path: list[dict[str, Any]] | None = None
    #: Python: each parameter's value as CPython shows it (``repr``), the call replay made
    arguments: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "inputs": dict(self.inputs),
            "nondet": list(self.nondet),
            "trace": [step.to_json() for step in self.trace],
            "confirmed": self.confirmed,
        }
        if self.nondet_sources:
            data["nondet_sources"] = [source.to_json() for source in self.nondet_sources]
        if self.request is not None:
            data["request"] = self.request
        if self.decisions is not None:
            data["decisions"] = self.decisions
        if self.outputs is not None:
            data["outputs"] = self.outputs
        if self.replay:
            data["replay"] = self.replay
        if self.explored is not None:
            data["explored"] = self.explored
        if self.path is not None:
            data["path"] = self.path
        if self.arguments is not None:
            data["arguments"] = dict(self.arguments)
        return data


@dataclass
class Certificate:
    """Evidence for a yes: `kind` (invariant, ranking, recurrent-set,
    coupling-invariant, bounded, ...), readable `text`, and the solvers that
    re-checked it independently in `checked_by`."""

    kind: str
    text: str
    checked_by: list[str] = field(default_factory=list)
    note: str = ""
    #: what the proof covers when the input was bounded to be checked (a C list parameter's
    #: longest list, `frontends.c_list_params`): then the check is unknown, not yes
    #: (`bounded_inputs`); "" when it covers every input
    scope: str = ""
    #: a convention the proof rests on, printed with the yes (`assumptions`: a C function's pointer
    #: parameters designate distinct objects); "" when it rests on none
    assumes: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "text": self.text, "checked_by": list(self.checked_by)}
        if self.note:
            data["note"] = self.note
        if self.scope:
            data["scope"] = self.scope
        if self.assumes:
            data["assumes"] = self.assumes
        return data


@dataclass
class Result:
    """The answer to one check.

    `accepted` is the ``[tool.verify] accept`` entry a no or unknown matches:
    reported, but it neither fails the run nor counts in the verdict. The
    command's reporter renders it (it is not part of `to_json`, which holds
    no configuration)."""

    check: str
    target: str
    location: Location
    verdict: Verdict
    reason: str = ""
    counterexample: Counterexample | None = None
    certificate: Certificate | None = None
    engine: str = ""
    time_s: float = 0.0
    vacuous: bool = False
    message: str = ""
    accepted: Accepted | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "target": self.target,
            "location": self.location.to_json(),
            "verdict": self.verdict.value,
            "reason": self.reason or None,
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "certificate": self.certificate.to_json() if self.certificate else None,
            "engine": self.engine,
            "time_s": round(self.time_s, 4),
            "vacuous": self.vacuous,
            "message": self.message or None,
        }


def overall_verdict(results: list[Result]) -> Verdict:
    """no if any check is no, else unknown if any is unknown, else yes.

    An empty list is yes (there is nothing that could fail), so a caller must
    give every check it was asked about a result: a run stopped before it built
    its checks answers unknown (reason ``timeout``) for each kind asked for."""
    verdicts = {r.verdict for r in results}
    if Verdict.NO in verdicts:
        return Verdict.NO
    if Verdict.UNKNOWN in verdicts:
        return Verdict.UNKNOWN
    return Verdict.YES


def exit_code(results: list[Result]) -> ExitCode:
    """0 all yes, 1 some no, 3 some unknown and no no."""
    return {
        Verdict.YES: ExitCode.ALL_YES,
        Verdict.NO: ExitCode.SOME_NO,
        Verdict.UNKNOWN: ExitCode.SOME_UNKNOWN,
    }[overall_verdict(results)]


def summary(results: list[Result]) -> dict[str, int]:
    """Counts of each verdict and the total."""
    counts = {v.value: 0 for v in Verdict}
    for r in results:
        counts[r.verdict.value] += 1
    counts["total"] = len(results)
    return counts
