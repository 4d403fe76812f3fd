"""Re-check a proof obligation with a second, independent solver.

Proof obligations travel as SMT-LIB 2 text (what z3 printed). z3 re-reads the
text in a context of its own (created once per process, never used by the
engines) with a fresh solver per obligation; cvc5 reads it with its own
SMT-LIB parser (its Python API, with the narrowest logic that names what the
text uses) and must find it unsatisfiable too. A solver that is missing or
cannot read the text is reported, never taken as agreement.

Non-linear obligations (products of variables, ``div``, ``mod``): z3 first
eliminates solved equalities (``solve-eqs``: most become linear or trivial;
plain z3 then, with what is left of the time); cvc5 gets at most
`NONLINEAR_CVC5_S` on each, and where it has no answer the exact algebra of
`ideal_check` (ideal membership, FLINT) may prove it instead (then cvc5 gets
the rest of its time on it): the second opinion is then listed as
``cvc5+algebra`` and a note says how many obligations algebra proved.

Start-up: `preload` loads cvc5 and creates z3's re-check context, so that
a caller can do it while the engines run in their processes; cvc5 reads the
text itself, rather than through pysmt, because pysmt's import and parser
cost more than the re-check of a small obligation. Where the helper that
parsed the file serves cvc5 (`cvc5_service`, `parse_ahead`), cvc5 is asked
there and this process never imports it.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
import time
from dataclasses import dataclass, field

from ..config import DEFAULT_TIMEOUT
from ..solver import logic_of
from . import cvc5_service
from .cvc5_native import cvc5_unsat, load as load_cvc5

#: Below this many seconds left, a solver is not started.
MIN_SOLVER_S = 0.05
#: cvc5 gets at most this share of the time z3 left, and at least `CVC5_FLOOR_S`
#: (within the timeout): a certificate it finds hard (a long bounded unrolling over
#: arrays) would otherwise use up the time the other answers' re-checks need.
CVC5_SHARE, CVC5_FLOOR_S = 0.5, 0.5
#: cvc5's first try on a non-linear obligation: it answers most within tens of
#: milliseconds or not within seconds (then `ideal_check` is tried).
NONLINEAR_CVC5_S = 0.5
#: z3's share of an obligation's time for the equality-eliminating tactic before plain z3.
ELIMINATE_SHARE = 0.5
#: z3's share of an obligation's time for its smt tactic alone, before its default solver: the
#: default solver's preprocessing spends a tenth of a second on each obligation over heap blocks
#: (disjunctions over the blocks' numbers) that the tactic decides in a few milliseconds.
SMT_TACTIC_SHARE = 0.5
#: The label of a second opinion given partly by cvc5, partly by exact algebra.
CVC5_OR_ALGEBRA = "cvc5+algebra"


@dataclass
class Recheck:
    """Which solvers confirmed every obligation unsatisfiable, and why others did not."""

    checked_by: list[str] = field(default_factory=list)
    refuted_by: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def recheck(obligations: list[str], timeout_s: float = DEFAULT_TIMEOUT) -> Recheck:
    """Every obligation must be unsatisfiable for a solver to be listed in `checked_by`.

    `timeout_s` bounds the whole re-check (cvc5 gets at most `CVC5_SHARE` of what
    z3 left of it, at least `CVC5_FLOOR_S`); a solver that runs out of time is
    noted and not listed."""
    result = Recheck()
    deadline = time.monotonic() + timeout_s
    for name, check in (("z3", _z3_unsat), ("cvc5", _cvc5_unsat)):
        began = time.monotonic()
        if name == "cvc5":  # a second opinion: it must not starve the re-checks of other answers
            deadline = min(deadline, began + max(CVC5_FLOOR_S, CVC5_SHARE * (deadline - began)))
        verdicts: list[bool | None] = []
        by_algebra = 0
        for text in obligations:
            remaining = deadline - time.monotonic()
            if remaining <= MIN_SOLVER_S:
                verdicts.append(None)
                break
            try:
                if name == "cvc5" and _nonlinear(text):
                    verdict, algebra = _cvc5_or_algebra(text, deadline)
                    by_algebra += algebra
                    verdicts.append(verdict)
                else:
                    verdicts.append(_answer(name, check, text, remaining))
            except Exception as exc:  # a parser or solver limit: not agreement
                verdicts.append(None)
                result.notes.append(f"{name}: {type(exc).__name__}: {str(exc)[:120]}")
                break
            if verdicts[-1] is not True:
                break
        if verdicts and all(v is True for v in verdicts):
            result.checked_by.append(CVC5_OR_ALGEBRA if by_algebra else name)
            if by_algebra:
                result.notes.append(f"algebra: {by_algebra} of {len(obligations)} obligations that cvc5 did not "
                                    f"decide within {NONLINEAR_CVC5_S:g}s proved by ideal membership")
        elif any(v is False for v in verdicts):
            result.refuted_by.append(name)
        elif not any(note.startswith(name + ":") for note in result.notes):
            result.notes.append(f"{name}: no answer within {max(0.0, deadline - began):.1f}s")
    return result


#: Definite answers by (solver, obligation text): the checks of one function
#: share their initiation and consecution obligations.
_ANSWERS: dict[tuple[str, str], bool] = {}
#: The longest time a solver (with one strategy) was given on an obligation text without an
#: answer: asked again with no more time, it would only spend it again (the checks BMC proves at
#: one depth share one bounded certificate, on which cvc5 may run out of seconds: bench/memory's
#: matrix_init_2d).
_UNDECIDED: dict[tuple[str, str, str], float] = {}
MAX_REMEMBERED = 4096


def _answer(name: str, check, text: str, timeout_s: float, strategy: str = "") -> bool | None:
    """`check(text, timeout_s)`, remembering definite answers (by solver), and the time given
    where there was none (by solver and `strategy`: then None at once for no more time than that)."""
    known = _ANSWERS.get((name, text))
    if known is None:
        tried = _UNDECIDED.get((name, strategy, text))
        if tried is not None and timeout_s <= tried:
            return None
        known = check(text, timeout_s)
        if len(_ANSWERS) + len(_UNDECIDED) >= MAX_REMEMBERED:
            _ANSWERS.clear()
            _UNDECIDED.clear()
        if known is not None:
            _ANSWERS[(name, text)] = known
        else:
            _UNDECIDED[(name, strategy, text)] = max(timeout_s, tried or 0.0)
    return known


#: z3's context for re-checks (see `_z3_context`), and the lock that keeps its use to one thread at a time
_Z3_CONTEXT = None
_Z3_LOCK = threading.Lock()


def preload() -> None:
    """Load cvc5 (unless a helper serves it, `cvc5_service`) and create z3's re-check context
    (both slow: some tens of ms), e.g. while the engines run in other processes. Without cvc5,
    its re-checks say so in a note (`recheck`)."""
    if not cvc5_service.available():
        try:
            load_cvc5()
        except ImportError:
            pass
    with _Z3_LOCK:
        _z3_context()


def _z3_context():
    """The z3 context re-checks use: created on first use, apart from the main
    context the engines use (each obligation gets a fresh solver in it)."""
    global _Z3_CONTEXT
    import z3

    if _Z3_CONTEXT is None:
        _Z3_CONTEXT = z3.Context()
    return _Z3_CONTEXT


def _z3_unsat(text: str, timeout_s: float) -> bool | None:
    """z3's answer; on a non-linear obligation, first with solved equalities
    eliminated (`ELIMINATE_SHARE` of the time); then its smt tactic (`SMT_TACTIC_SHARE`
    of what is left), then its default solver."""
    import z3

    began = time.monotonic()
    with _Z3_LOCK:
        ctx = _z3_context()
        tries = [(z3.Then("simplify", "smt", ctx=ctx).solver(), SMT_TACTIC_SHARE), (z3.Solver(ctx=ctx), 1.0)]
        if _nonlinear(text):
            eliminating = z3.Then("simplify", "propagate-values", "solve-eqs", "smt", ctx=ctx).solver()
            tries.insert(0, (eliminating, ELIMINATE_SHARE))
        for solver, share in tries:
            left = timeout_s - (time.monotonic() - began)
            if left <= MIN_SOLVER_S:
                return None
            solver.set("timeout", max(1, int(share * left * 1000)))
            solver.from_string(text)
            r = solver.check()
            if r != z3.unknown:
                return r == z3.unsat
    return None


def _nonlinear(text: str) -> bool:
    return "NIA" in logic_of(text)


def _cvc5_or_algebra(text: str, deadline: float) -> tuple[bool | None, bool]:
    """A non-linear obligation's second opinion: cvc5 within `NONLINEAR_CVC5_S`, else
    exact algebra (`ideal_check`), else cvc5 with the time left under logic ``ALL``
    (whose non-linear strategy settles some cubic obligations in milliseconds that
    the narrow logic's does not within seconds); and whether algebra gave it."""
    if _ANSWERS.get(("algebra", text)):  # proved before (checks share obligations): cvc5 had no answer then
        return True, True
    first = _answer("cvc5", _cvc5_unsat, text, min(NONLINEAR_CVC5_S, deadline - time.monotonic()))
    if first is not None:
        return first, False
    if _answer("algebra", lambda t, _s: True if _algebra_unsat(t) else None, text, 0.0):
        return True, True
    left = deadline - time.monotonic()
    return (_answer("cvc5", lambda t, s: _cvc5_unsat(t, s, wide=True), text, left, "ALL")
            if left > MIN_SOLVER_S else None), False


def _algebra_unsat(text: str) -> bool:
    """Does `ideal_check` prove the obligation (parsed by z3 in the re-check context)?"""
    import z3

    from .ideal_check import polynomial_unsat

    with _Z3_LOCK:
        try:
            return polynomial_unsat(list(z3.parse_smt2_string(text, ctx=_z3_context()))) is True
        except (z3.Z3Exception, ValueError, OverflowError):  # unreadable, or past FLINT's limits: no proof
            return False


def _cvc5_unsat(text: str, timeout_s: float, wide: bool = False) -> bool | None:
    """cvc5 reads the text with the narrowest logic (`logic_of`: cvc5 is several
    times slower on a wider one), or ``ALL`` if `wide`; if it rejects the text under
    that logic (an operator or a term the logic lacks), under ``ALL``."""
    logic, began = ("ALL" if wide else logic_of(text)), time.monotonic()
    try:
        return _cvc5_apart(text, timeout_s, logic)
    except RuntimeError:  # what cvc5 raises for text it rejects
        left = timeout_s - (time.monotonic() - began)
        if logic == "ALL" or left <= MIN_SOLVER_S:
            raise
        return _cvc5_apart(text, left, "ALL")


#: cvc5's Python binding holds the GIL through a whole check (z3's does not): an obligation this long
#: (an unrolled loop over arrays, seconds of cvc5) is checked in a forked child, so that the caller's
#: other threads run meanwhile (`verify prove`'s portfolio loop, which stops the lanes once every check
#: is answered, was blocked for seconds and the lanes went on). Shorter ones take milliseconds: a fork
#: would cost more. (Through cvc5's C API, `cvc5_capi`, a check releases the GIL; the binding, used where
#: the installed cvc5 has no such API, does not.)
APART_CHARS = 20_000
#: How long past its time limit a child is waited for before it is killed (cvc5 reads the text first).
APART_GRACE_S = 0.2


def _cvc5_apart(text: str, timeout_s: float, logic: str) -> bool | None:
    """`cvc5_unsat`, asked of the helper serving cvc5 when there is one (`cvc5_service`), else in a
    forked child when `text` is longer than `APART_CHARS` (Unix; it needs cvc5 imported already,
    `preload`), else here; a text cvc5 rejects raises RuntimeError in every case."""
    began = time.monotonic()
    served = cvc5_service.ask(text, timeout_s, logic)
    if served is not cvc5_service.UNAVAILABLE:
        return served
    timeout_s -= time.monotonic() - began
    if timeout_s <= MIN_SOLVER_S:
        return None
    if len(text) <= APART_CHARS or not hasattr(os, "fork"):
        return cvc5_unsat(text, timeout_s, logic)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: cvc5 alone, one byte back, and out without Python's clean-up
        answer = b"e"
        try:
            verdict = cvc5_unsat(text, timeout_s, logic)
            answer = b"?" if verdict is None else b"u" if verdict else b"s"
        finally:
            os.write(write_end, answer)
            os._exit(0)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], timeout_s + APART_GRACE_S)
        answer = os.read(read_end, 1) if ready else b""
    finally:
        os.close(read_end)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if answer == b"e":
        raise RuntimeError("cvc5 rejected the obligation (in its child process)")
    return {b"u": True, b"s": False}.get(answer)
