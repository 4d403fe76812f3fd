"""What one concrete run of a program showed, and whether it confirms a counterexample.

`Observation` is produced by the C replayer (a gcc-compiled harness) and the
Python replayer (the imported function); `ReplayOutcome` is the answer to
"did the run fail the same way at the same line the engine said?".

Kinds are the check names of `verifier.registry.CHECKS` (``assert``,
``overflow``, ``div-by-zero``, ``shift``) plus a few that only replay sees:
``recursion`` (RecursionError, or a C stack overflow), ``crash`` (another fatal
signal), ``exception`` (another Python exception), ``ub`` (another UBSan
report). Lines are 1-based; 0 means the run did not say where.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Observation:
    """One concrete run.

    `kind` is the failure seen (None: the run finished without a failure, or
    was infeasible, or timed out). `infeasible` is true when an
    ``assume``/``__VERIFIER_assume`` was false: the input is outside the
    precondition and proves nothing. `timed_out` is true when the run was
    stopped at its time limit. `unavailable` is true when the program could
    not be run at all (no gcc, the harness did not compile, the module did not
    import); `detail` then says why. `also_line` (0: none) is a second line
    the same failure may be known by: the C harness reports a failing
    operation at the assignment its value belongs to and at its operator.
    """

    kind: str | None
    line: int = 0
    detail: str = ""
    infeasible: bool = False
    timed_out: bool = False
    unavailable: bool = False
    also_line: int = 0

    @property
    def feasible(self) -> bool:
        """The input ran inside the precondition (whatever the result)."""
        return not self.infeasible and not self.unavailable

    @property
    def passed(self) -> bool:
        """The run finished normally: no failure, no timeout, feasible."""
        return self.kind is None and self.feasible and not self.timed_out

    def matches(self, check: str, line: int) -> bool:
        """The run failed with check `check` at `line` (and nothing else counts);
        `also_line` is the operator's own line when the failure is reported at
        the assignment the operation's value belongs to."""
        return self.feasible and self.kind == check and line > 0 and line in (self.line, self.also_line)

    def describe(self) -> str:
        """A short human description: ``overflow at line 4 (signed integer overflow: ...)``."""
        if self.unavailable:
            return f"replay unavailable: {self.detail}"
        if self.timed_out:
            return f"no failure observed: {self.detail or 'timeout'}"
        if self.infeasible:
            where = f" at line {self.line}" if self.line else ""
            return f"input violates an assumption{where} (infeasible)"
        if self.kind is None:
            return f"no failure observed ({self.detail or 'finished normally'})"
        where = f" at line {self.line}" if self.line else " (line unknown)"
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.kind}{where}{extra}"


@dataclass(frozen=True)
class ReplayOutcome:
    """Whether a counterexample replayed: `confirmed` iff the run failed with
    the same check at the same line. `detail` is one line for the report;
    `observation` is what the run showed (None if it could not be run)."""

    confirmed: bool
    detail: str
    observation: Observation | None = None


def judge(observation: Observation, check: str, line: int, how: str) -> ReplayOutcome:
    """Compare a run with the expected failure (`check` at `line`); `how` names
    the replay mechanism for the detail text (e.g. ``gcc -fsanitize=undefined``)."""
    if observation.matches(check, line):
        return ReplayOutcome(True, f"replayed with {how}: {observation.describe()}", observation)
    expected = f"{check} at line {line}"
    return ReplayOutcome(
        False,
        f"replay with {how} did not reproduce {expected}: {observation.describe()}",
        observation,
    )
