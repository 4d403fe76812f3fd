"""A short bug search in the calling process, before any engine lane is forked.

A shallow bug is found, and loop-free code often decided outright, in a
fraction of a second of BMC; forking the lanes (`portfolio.analyse`) costs
each of them its own start and encoding, and the proof lane's solver competes
for the CPU with the bug search meanwhile. In a function with loops,
`quick_search` first runs it on sampled inputs (`engines.safety.sampling`) for
at most `QUICK_SAMPLING_S` seconds of CPU: a bug that needs all of a few nondet values
negative, or a loop bound past an array's size, takes BMC a dozen unrolled
iterations but a concrete run a few hundred microseconds. Then it runs BMC for at
most `QUICK_CPU_S` seconds of this process's CPU time (a figure the machine's
load changes less than wall time; each solver call is also held to
`QUICK_WALL_SHARE` of the time left), until its first no, and returns what it decided as a
`PortfolioAnswer` the lanes then start from: a no still has to be replayed
(`early_no`), a yes still has its certificate re-checked, and the checks left
open go to the lanes as before.
"""

from __future__ import annotations

import time
from collections.abc import Collection

from .cfa import Cfa
from .deadline import Deadline
from .encode import encode
from .engines.safety.bmc import Bmc
from .portfolio import PortfolioAnswer
from .result import Verdict

__all__ = ["quick_search", "QUICK_CPU_S", "QUICK_WALL_SHARE", "QUICK_SAMPLING_S", "QUICK_SEED"]

#: CPU seconds of BMC in this process before the lanes are forked: the depth a
#: shallow bug sits at (the bench/time_to_no loops fail within it) costs less.
QUICK_CPU_S = 0.25
#: Wall-clock share of the time left that the quick search may take at most
#: (under a loaded machine its CPU seconds come slowly).
QUICK_WALL_SHARE = 0.15
#: CPU seconds of sampled runs before BMC, in a function with loops (within the same
#: wall-clock share): the bench/memory bugs BMC reaches only past depth 6 are found within
#: a few milliseconds (a bug-free function loses this much). The seed differs from the
#: sampling lane's, which draws the same runs otherwise.
QUICK_SAMPLING_S = 0.04
QUICK_SEED = 1


def quick_search(cfa: Cfa, deadline: Deadline, kinds: Collection[str] | None = None) -> PortfolioAnswer:
    """Sampled runs (with loops), then BMC, on `cfa` for a short while: the check sites and the
    outcomes found (each also in `news`); an answer with no sites when the
    function cannot even be encoded here (the lanes then say why). The sampled
    runs look for a failure of a check of `kinds` (default: any) only."""
    answer = PortfolioAnswer()
    start_cpu = time.process_time()
    until = time.monotonic() + QUICK_WALL_SHARE * deadline.remaining()
    try:
        ts = encode(cfa)
        answer.sites = dict(ts.checks)
        if cfa.loops:
            from .engines.safety.sampling import run_sampling  # here: loop-free code (most quick searches) needs none

            keys = {k for k in ts.checks if kinds is None or k[0] in kinds}
            found = run_sampling(ts, keys, until, seed=QUICK_SEED, first_only=True,
                                 cpu_until=time.process_time() + QUICK_SAMPLING_S)
            if found:
                answer.merge(found)
                return answer  # confirmed first: the lanes search on for the other checks
        bmc = Bmc(ts, set(ts.checks))
        while (bmc.open_keys and not bmc.finished and time.monotonic() < until
               and time.process_time() - start_cpu < QUICK_CPU_S):
            found = bmc.advance(until)
            answer.merge(found)
            if any(o.verdict == Verdict.NO for o in found.values()):
                break  # confirmed first: the lanes search on for the other checks
    except Exception:  # the lanes meet it again and report it as theirs (an unsupported construct, a solver error)
        return PortfolioAnswer()
    answer.bmc_depth = bmc.checked
    return answer
