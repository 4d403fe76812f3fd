"""Re-check each yes certificate as soon as an engine finds it, while the engines go on.

`EarlyYes.hear` sits beside `EarlyNo.hear` on the portfolio's `on_outcomes`
hook for one function: each yes of a check asked for is queued, and one
background thread re-checks the queued certificates (z3 and cvc5:
`crosscheck.recheck`) by the function's deadline: those of checks with no
certificate re-checked yet first, each cheapest first. The thread
starts only once `start` is called (after the lanes are forked: a fork must
not copy a solver call half done). A later certificate for the same check
(the portfolio replaces a k-induction proof or a costly bounded one by an
invariant, any proof by a summary proof) is queued too; one replaced before its
turn is skipped. Certificates `hold` picks (those the proof lane may still
replace by an invariant) wait `HOLD_S`, or until `release` (the engines
are done) or the first `settled`: most are replaced within it, and their
re-check would only have taken CPU from the lanes.

`settled(key, outcome, acceptable)` is what `proving._settle` asks at the
end: the re-check of `outcome` (the answer the portfolio kept, so the
certificate is the one a re-check after the engines would give) if it
passes; if it fails or has not finished by the deadline, the first of the
other certificates heard for the check whose re-check passed and that is
`acceptable`; and that other one too when it was confirmed by more solvers
than `outcome` (a replacing invariant is re-checked for at most
`REPLACEMENT_RECHECK_S` once the check has a confirmed certificate: it reads
better, but is not worth seconds of cvc5). Only a re-check that finished counts: one still running at the
deadline gives nothing, and the caller answers unknown. The re-checks run
one at a time (z3's re-check context is used by one thread at a time).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .deadline import Deadline
from .check_sites import CheckKey
from .engines.outcome import CheckOutcome
from .result import Verdict
from .timeline import mark

if TYPE_CHECKING:
    from .crosscheck.recheck import Recheck

__all__ = ["EarlyYes", "REPLACEMENT_RECHECK_S", "HOLD_S", "HOLD_LEFT_SHARE"]

#: The longest re-check of a certificate for a check that already has one confirmed
#: (an invariant replacing a k-induction proof): one cvc5 query on a quantified
#: invariant can take seconds, and the run would wait for it.
REPLACEMENT_RECHECK_S = 0.5
#: How long a certificate `EarlyYes.hold` picks waits for its replacement: the proof lane's
#: invariants for what k-induction proves mostly come within a second of it. A hold ends while
#: this share of the function's time is still left, and none starts later: should no invariant
#: come, the re-check of a costly bounded certificate needs that time (on a loaded machine
#: seconds: bench/memory's matrix_copy_rows), and one heard that late is no quick proof anyway.
HOLD_S, HOLD_LEFT_SHARE = 1.0, 0.7


class EarlyYes:
    """Re-checks the yes certificates of one function's checks of `kinds` in a background thread.

    `ready` runs in the thread before the first re-check (e.g. waiting for the
    cross-checks' background imports)."""

    def __init__(self, kinds, deadline: Deadline, ready: Callable[[], None] | None = None,
                 hold: Callable[[CheckOutcome], bool] | None = None) -> None:
        self.kinds = set(kinds)
        self.deadline = deadline
        self.ready = ready
        self.hold = hold
        self._released = hold is None
        self._held_until: dict[int, float] = {}  # id(outcome) -> when its hold ends
        self._queue: list[tuple[int, int, CheckKey, CheckOutcome]] = []  # (cost, order heard, key, outcome)
        self._order = itertools.count()
        self._heard: dict[CheckKey, list[CheckOutcome]] = {}
        self._done: dict[int, Recheck] = {}  # id(outcome) -> its finished `Recheck`
        self._skipped: set[int] = set()  # id(outcome) of those replaced before their turn
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def hear(self, answer, found: dict[CheckKey, CheckOutcome]) -> bool:
        """Queue the re-check of each new yes in `found`; never stops the lanes (False)."""
        with self._changed:
            for key, outcome in found.items():
                if outcome.verdict != Verdict.YES or key[0] not in self.kinds or not outcome.proof_smt2:
                    continue
                self._heard.setdefault(key, []).append(outcome)
                latest = self.deadline.at - HOLD_LEFT_SHARE * self.deadline.seconds
                if self.hold is not None and self.hold(outcome) and time.monotonic() < latest:
                    self._held_until[id(outcome)] = min(time.monotonic() + HOLD_S, latest)
                cost = sum(len(text) for text in outcome.proof_smt2)
                self._queue.append((cost, next(self._order), key, outcome))
            self._changed.notify_all()
        return False

    def start(self) -> None:
        """Start re-checking (call once no process will be forked while a re-check runs)."""
        if self._thread is None and not self._closed:
            self._thread = threading.Thread(target=self._work, name="early-yes", daemon=True)
            self._thread.start()

    def release(self) -> None:
        """Re-check the held certificates too (nothing will replace them now)."""
        with self._changed:
            self._released = True
            self._changed.notify_all()

    def settled(self, key: CheckKey, outcome: CheckOutcome,
                acceptable: Callable[[CheckOutcome], bool]) -> tuple[CheckOutcome, Recheck | None] | None:
        """The re-check of `outcome` (the certificate the portfolio kept) once it passes; if it
        fails, or has not finished by the deadline, the first other `acceptable` certificate
        heard for `key` whose re-check passed; else `outcome`'s failed re-check, or
        ``(outcome, None)`` when it did not finish by the deadline. None if `outcome` was never
        heard (or the thread failed): the caller re-checks it itself."""
        if not any(o is outcome for o in self._heard.get(key, ())):
            return None
        self.release()
        self.start()
        others = [o for o in self._heard[key] if o is not outcome and acceptable(o)]
        with self._changed:
            while True:
                own = self._done.get(id(outcome))
                if own is not None and _passed(own):
                    better = next((o for o in others if _passed(self._done.get(id(o)))
                                   and len(self._done[id(o)].checked_by) > len(own.checked_by)), None)
                    return (better, self._done[id(better)]) if better is not None else (outcome, own)
                left = self.deadline.remaining()
                if own is not None or left <= 0:
                    passed = next((o for o in others if _passed(self._done.get(id(o)))), None)
                    if passed is not None:
                        return passed, self._done[id(passed)]
                    if left <= 0 or all(id(o) in self._done or id(o) in self._skipped for o in others):
                        return outcome, own
                if not self._thread.is_alive() and own is None:
                    return None
                self._changed.wait(left)

    def close(self) -> None:
        """Drop what is still queued; wait (at most until the deadline) for the re-check under way."""
        with self._changed:
            self._closed = True
            self._queue.clear()
            self._changed.notify_all()
        if self._thread is not None:
            self._thread.join(max(0.0, self.deadline.remaining()) + 0.1)

    def _work(self) -> None:
        if self.ready is not None:
            self.ready()
        from .crosscheck.recheck import Recheck, recheck

        while True:
            with self._changed:
                while not self._due() and not self._closed:
                    self._changed.wait(self._next_due())
                if self._closed:
                    return
                item = min(self._due(), key=self._urgency)
                self._queue.remove(item)
                _, _, key, outcome = item
                replacing = any(_passed(self._done.get(id(o))) for o in self._heard[key])
                if self._heard[key][-1] is not outcome:
                    self._skipped.add(id(outcome))
                    self._changed.notify_all()
                    continue  # replaced before its turn: only the later certificate is re-checked
            left = self.deadline.remaining()
            if left <= 0:
                with self._changed:
                    self._closed = True
                    self._changed.notify_all()
                return
            try:
                check = recheck(outcome.proof_smt2,
                                timeout_s=min(left, REPLACEMENT_RECHECK_S) if replacing else left)
            except Exception as exc:  # a failure is no agreement: the yes becomes unknown with the note
                check = Recheck(notes=[f"re-check: {type(exc).__name__}: {str(exc)[:120]}"])
            by = ", ".join(check.checked_by) or "not confirmed"
            mark(f"re-checked {key[0]}@{key[1]} ({outcome.engine}) early: {by}")
            with self._changed:
                self._done[id(outcome)] = check
                self._changed.notify_all()

    def _due(self) -> list[tuple[int, int, CheckKey, CheckOutcome]]:
        """The queued re-checks that may start now (all once released, else those not held)."""
        now = time.monotonic()
        return [item for item in self._queue if self._released or self._held_until.get(id(item[3]), now) <= now]

    def _next_due(self) -> float | None:
        """Seconds until the hold of a queued re-check ends (None: none is held)."""
        ends = [self._held_until[id(item[3])] for item in self._queue if id(item[3]) in self._held_until]
        return max(0.0, min(ends) - time.monotonic()) if ends and not self._released else None

    def _urgency(self, item: tuple[int, int, CheckKey, CheckOutcome]) -> tuple[bool, int, int]:
        """Checks with no certificate re-checked yet first, then the cheapest certificate (as
        `proving._confirmation_cost`): one long certificate must not leave the others unchecked."""
        cost, order, key, _ = item
        return any(_passed(self._done.get(id(o))) for o in self._heard[key]), cost, order


def _passed(check: Recheck | None) -> bool:
    """Did this finished re-check confirm the certificate (z3 unsat, no solver refuting)?"""
    return check is not None and not check.refuted_by and "z3" in check.checked_by
