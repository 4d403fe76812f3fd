"""Confirm each no as soon as an engine finds it, while the engines go on.

`EarlyNo.hear` is the portfolio's `on_outcomes` hook for one function
(`portfolio.analyse`, which also hands it the answers of `quick_search`
before any lane is forked): each new no of a check asked for is confirmed at once
(the interpreter, then a real run: the `confirm` it is given) and, once
confirmed, handed to `on_no`, so a caller can show it while the other checks
are still open. A lane's no is final in the portfolio (the first definite
answer wins), so the result confirmed here is the one the full run reports.

With `exit_first` the first confirmed no stops every lane (`hear` returns
True) and is not explored; every other check is then unknown
(`STOPPED_AFTER_FIRST_NO`), never yes. Without it, Hypothesis explores around
the witness after the replay: for `EXPLORE_OPEN_S` while other checks are
still open and the lanes run (it overlaps the engines), for at most
`EXPLORE_TAIL_S` once no check is open or before the lanes have started (a no
of `quick_search`: the lanes wait for it), so exploring never delays the
answer, or the lanes, by more than that.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .check_sites import CheckKey, CheckSite
from .engines.outcome import CheckOutcome
from .registry import STOPPED_AFTER_FIRST_NO
from .result import Location, Result, Verdict

__all__ = ["EarlyNo", "Confirm", "stopped_result", "EXPLORE_OPEN_S", "EXPLORE_TAIL_S"]

#: Seconds of exploring around a witness while other checks are still open,
#: and once every check has its answer.
EXPLORE_OPEN_S, EXPLORE_TAIL_S = 0.3, 0.1

#: confirm(site, outcome, result, explore_s, on_confirmed): replay the no
#: `outcome` into `result`, exploring for at most `explore_s` seconds;
#: `on_confirmed(result)` hears of the confirmation before exploring starts
Confirm = Callable[[CheckSite, CheckOutcome, Result, float, Callable[[Result], None]], None]


def stopped_result(site: CheckSite, target: str, path: str) -> Result:
    """The result of a check left open because `--exit-first` stopped the run."""
    return Result(site.kind, target, Location(path, site.loc.line, site.loc.column), Verdict.UNKNOWN,
                  reason=STOPPED_AFTER_FIRST_NO, message=site.text)


class EarlyNo:
    """Confirms the no answers of one function's checks of `kinds` as they arrive.

    `results` holds each no heard, confirmed or not (a replay that fails makes it
    unknown with the reason, as it would at the end); `stopped` is set when
    `exit_first` stopped the engines at a confirmed no."""

    def __init__(self, kinds, target: str, path: str, start: float, confirm: Confirm,
                 on_no: Callable[[Result], None] | None = None, exit_first: bool = False) -> None:
        self.kinds = set(kinds)
        self.target, self.path, self.start = target, path, start
        self.confirm = confirm
        self.on_no = on_no
        self.exit_first = exit_first
        self.results: dict[CheckKey, Result] = {}
        self.stopped = False
        #: the caller sets it once the engine lanes run (before, exploring would hold them up)
        self.lanes_running = False

    def hear(self, answer, found: dict[CheckKey, CheckOutcome]) -> bool:
        """Confirm the new no answers in `found` (a `portfolio.PortfolioAnswer`'s
        news); True when `exit_first` and one of them is confirmed."""
        for key in sorted(found):
            outcome = found[key]
            sites = answer.sites
            if (outcome.verdict != Verdict.NO or key[0] not in self.kinds or key in self.results
                    or sites is None or key not in sites):
                continue  # a check whose site is not described yet is confirmed at the end
            site = sites[key]
            result = Result(site.kind, self.target, Location(self.path, site.loc.line, site.loc.column),
                            Verdict.UNKNOWN, message=site.text)
            explore_s = (0.0 if self.exit_first else EXPLORE_OPEN_S if self.lanes_running and not answer.settled()
                         else EXPLORE_TAIL_S)
            self.confirm(site, outcome, result, explore_s, self._confirmed)
            if result.verdict != Verdict.NO:  # a confirmed no keeps the time it was confirmed at
                result.time_s = time.monotonic() - self.start
            self.results[key] = result
            if result.verdict == Verdict.NO and self.exit_first:
                self.stopped = True
                return True
        return False

    def _confirmed(self, result: Result) -> None:
        result.time_s = time.monotonic() - self.start
        if self.on_no is not None:
            self.on_no(result)
