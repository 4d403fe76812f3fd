"""Replay a C counterexample for real: a gcc-compiled harness with UBSan.

`CReplayer(program, function)` builds the harness of `c_harness` for
`function` with every operation that can fail checked on its run-time
operands (`replay_ops`), compiles it once (or, if those checks do not
compile, the harness with UBSan alone) and runs it with a time limit; each
run yields an `Observation`. `replay_c(...)` says whether one run confirms a
counterexample (same check, same line).

Building the harness texts parses the file again with the C grammar's parser
(`replay_ops`). `harness_texts` builds them where the program was read (the
helper of `parse_ahead`, with --exit-first), and `offer_harnesses` hands them to
the replayers of that program object: they take them as built, so the worker
needs no parser.
"""

from __future__ import annotations

import dataclasses
import functools
import subprocess
import threading
from typing import Any

from verifier import ir
from verifier.crosscheck.c_arguments import flat, stream_values
from verifier.crosscheck.c_harness import classify, compile_harness, default_main, harness_unit, run_harness, uses_memory, with_main
from verifier.crosscheck.observation import Observation, ReplayOutcome, judge

__all__ = ["CReplayer", "HarnessTexts", "harness_texts", "offer_harnesses", "replay_c", "DEFAULT_TIMEOUT_S"]

#: a replay that runs longer than this is reported as "no failure observed"
DEFAULT_TIMEOUT_S = 2.0


@dataclasses.dataclass(frozen=True)
class HarnessTexts:
    """What a `CReplayer` builds from a program for one function before compiling: the harness
    with its operations checked and its notes, the plain harness (tcc's, and gcc's fallback),
    and why none can be built ('' when they can)."""

    harness: str
    notes: tuple[str, ...]
    plain: str
    error: str


def harness_texts(program: ir.Program, function: str) -> HarnessTexts:
    """The texts `CReplayer(program, function)` builds (nothing is compiled)."""
    replayer = CReplayer(program, function)
    return HarnessTexts(replayer.harness, tuple(replayer.notes), replayer.plain_harness, replayer.error)


#: texts built ahead, by program object and function (`offer_harnesses`)
_offered: list[tuple[ir.Program, dict[str, HarnessTexts]]] = []


def offer_harnesses(program: ir.Program, texts: dict[str, HarnessTexts]) -> None:
    """From now on, a replayer of a function of `texts` in this very `program` object takes its
    texts from there instead of building them (the latest offer replaces any earlier one)."""
    _offered[:] = [(program, dict(texts))]


class CReplayer:
    """Runs `function` of a C `program` on concrete inputs, many times.

    Construction builds the harness text (cheap) with its operations checked,
    and `plain_harness` without; the first `run` compiles the former (or the
    latter if it does not compile; once per distinct harness, cached under the
    system temp dir). If gcc is missing or no harness compiles, every run
    returns an `Observation` with ``unavailable=True`` and the reason; nothing raises.
    """

    def __init__(self, program: ir.Program, function: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.program = program
        self.function = function
        self.timeout_s = timeout_s
        self.notes: list[str] = []
        self._binary: str | None = None
        self._error = ""
        self._lock = threading.Lock()
        func = program.functions.get(function)
        if func is None:
            self._error = f"no function {function!r} in {program.path}"
            self.params: list[ir.Param] = []
            self.harness = ""
            return
        self.params = list(func.params)
        #: arrays or pointers anywhere: build with AddressSanitizer too; heap blocks: report leaks
        self.memory = uses_memory(program)
        self.leaks = any(name.endswith("#state") for f in program.functions.values() for name in f.locals)
        ahead = next((texts[function] for p, texts in _offered if p is program and function in texts), None)
        if ahead is not None:  # built from this program where it was read: the very texts built here
            self.harness, self._error, self.notes = ahead.harness, ahead.error, list(ahead.notes)
            self.__dict__["plain_harness"] = ahead.plain  # `plain_harness`'s cached value
            return
        try:
            self.harness = self._harness(self.notes, check_operations=True)
        except Exception as exc:  # a harness-generation bug must cost a confirmation, not the run
            self.harness = ""
            self._error = f"cannot build the replay harness: {type(exc).__name__}: {exc}"

    def _harness(self, notes: list[str], check_operations: bool) -> str:
        unit = harness_unit(self.program, self.function, notes, check_operations)
        return with_main(unit, default_main(self.function, self.params, self.program.source))

    # ------------------------------------------------------------------ build

    @functools.cached_property
    def plain_harness(self) -> str:
        """The harness without the operation checks (UBSan alone), '' if it cannot be built."""
        if not self.harness:
            return ""
        return self._harness([], check_operations=False)

    @property
    def error(self) -> str:
        """Why the harness cannot run ('' when it can, or before the first build)."""
        return self._error

    def build(self) -> str | None:
        """Compile the harness (once); the binary's path, or None with `error` set.
        If the operation checks do not compile, the harness runs with UBSan alone."""
        with self._lock:
            if self._binary is None and not self._error and self.program.semantics == "wrap":
                # the operation checks know no wrap-around: UBSan under -fwrapv alone
                self._binary, self._error = compile_harness(self.plain_harness, self.memory, wrap=True)
            if self._binary is None and not self._error:
                self._binary, self._error = compile_harness(self.harness, self.memory)
                if self._binary is None and self.plain_harness != self.harness:
                    self._binary, self._error = compile_harness(self.plain_harness, self.memory)
                    self.notes.append("operations checked by UBSan only (their checks did not compile)")
            return self._binary

    # -------------------------------------------------------------------- run

    def run(self, params: dict[str, Any], nondet: list[Any], binary: str | None = None) -> Observation:
        """Run once with `params` (by name; missing ones are 0; an array as the
        list of its elements, or as an `ArrayValue` with its length in the
        `ir.length_name` parameter) and `nondet` (values of the
        nondeterministic calls in call order, an array's as a list; past the end: 0);
        `binary` is another build of this harness to run (`replay_tcc`), default `build()`'s."""
        binary = binary or self.build()
        if binary is None:
            return Observation(None, detail=self._error, unavailable=True)
        args = []
        for value in stream_values(self.params, params) + list(flat(nondet)):
            if not -(1 << 63) <= value < (1 << 64):
                return Observation(None, detail=f"value {value} does not fit in 64 bits", unavailable=True)
            args.append(str(value))
        try:
            proc = run_harness(binary, args, self.timeout_s, leaks=self.leaks)
        except subprocess.TimeoutExpired:
            return Observation(None, detail=f"still running after {self.timeout_s:g}s (stopped)", timed_out=True)
        except OSError as exc:
            return Observation(None, detail=f"cannot run the harness: {exc}", unavailable=True)
        return classify(proc.returncode, proc.stderr.decode("utf-8", "replace"), self.program.path)

    def replay(self, params: dict[str, int], nondet: list[int], check: str, line: int) -> ReplayOutcome:
        """Run once and judge: confirmed iff the run fails with `check` at `line`."""
        observation = self.run(params, nondet)
        if observation.unavailable:
            return ReplayOutcome(False, f"replay unavailable: {observation.detail}", observation)
        sanitizers = "address,undefined" if self.memory else "undefined"
        outcome = judge(observation, check, line, f"a gcc -fsanitize={sanitizers} harness")
        if not outcome.confirmed and self.notes:
            outcome = dataclasses.replace(outcome, detail=outcome.detail + "; note: " + "; ".join(self.notes))
        return outcome


def replay_c(
    program: ir.Program,
    function: str,
    params: dict[str, int],
    nondet: list[int],
    check: str,
    line: int,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> ReplayOutcome:
    """Replay one C counterexample: confirmed iff the gcc-compiled harness fails
    with `check` at `line` on exactly these inputs. Never raises for a harness
    that cannot be built or run; the outcome is then unconfirmed with the reason."""
    return CReplayer(program, function, timeout_s).replay(params, nondet, check, line)


