"""What one concrete run of a fuzz program did, and what all runs together say."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """One run: the input values, how it ended and, if it failed, the check and line.

    `ending`: "ok" (returned), "infeasible" (an assumption was false), "failed" (a check),
    "cycle" (a loop head saw a state again: it runs forever) or "undetermined" (it hit the
    iteration bound, or a time or memory limit)."""
    inputs: tuple[int, ...]
    ending: str
    check: str | None = None
    line: int | None = None
    detail: str = ""


@dataclass
class Truth:
    """The ground truth from every input of the domain."""
    runs: list[Run] = field(default_factory=list)

    def failures(self) -> dict[tuple[str, int], Run]:
        """The first run failing each (check, line)."""
        found: dict[tuple[str, int], Run] = {}
        for r in self.runs:
            if r.ending == "failed":
                found.setdefault((r.check, r.line), r)
        return found

    def failing_lines(self) -> set[int]:
        return {r.line for r in self.runs if r.ending == "failed"}

    def complete(self) -> bool:
        """Every run ended with a verdict (none hit a limit)."""
        return all(r.ending != "undetermined" for r in self.runs)

    def feasible(self) -> bool:
        return any(r.ending != "infeasible" for r in self.runs)

    def runs_forever(self) -> Run | None:
        return next((r for r in self.runs if r.ending == "cycle"), None)
