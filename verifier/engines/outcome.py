"""What an engine says about one check: a picklable record (engines may run in
worker processes)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..check_sites import CheckKey
from ..result import Verdict


#: the engine name of a proof by function summaries, the one proof that stands past the
#: inlining bound (it reads the program's functions, not the inlined system)
SUMMARY_ENGINE = "summaries"
#: the engine name of a no found by a concrete run on sampled inputs (`engines.safety.sampling`)
SAMPLING_ENGINE = "sampling"
#: the certificate kind of BMC's exhaustive proofs (every execution ends within the unrolling)
BOUNDED_CERTIFICATE = "bounded"


@dataclass
class Witness:
    """A failing execution found by a solver: parameter values, nondet values by
    ``site@step`` and the number of steps."""

    params: dict[str, int]
    nondet: dict[str, int]
    steps: int


@dataclass
class CheckOutcome:
    """An engine's answer for one check: yes (with `certificate`, and the
    formula that proves it as SMT-LIB in `proof_smt2` for re-checking), no
    (with `witness`) or unknown (with `reason`)."""

    key: CheckKey
    verdict: Verdict
    engine: str
    reason: str = ""
    witness: Witness | None = None
    certificate_kind: str = ""
    certificate_text: str = ""
    proof_smt2: list[str] = field(default_factory=list)
    logic: str = "ALL"
    vacuous: bool = False
