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

Before all this, a Python function is run on small arguments drawn from its
annotations (`typed_search`, `typed_inputs`) for at most `QUICK_TYPED_S` of CPU:
an empty list, an empty key or two equal strings fail most data bugs in a few
runs. Without `deep` (a function with loops, without --exit-first) only these
run here (the sampling lane draws the rest while the proof lanes run), and in a
C function the sampled runs too (not BMC, the search lane's): the bugs they find
within milliseconds would otherwise wait for the sampling lane's delay. With
--exit-first they run even before the function is encoded (`typed_quick_no`: the
check sites are listed from the IR, `check_sites`), so a run that ends at their no
never loads z3.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Collection, Mapping

from .cfa import BOUND_CHECK, Cfa
from .check_sites import CheckKey, listed_sites
from .deadline import Deadline
from .engines.outcome import CheckOutcome, Witness
from .portfolio import PortfolioAnswer
from .result import Verdict

__all__ = ["quick_search", "typed_search", "typed_quick_no", "QUICK_CPU_S", "QUICK_WALL_SHARE", "QUICK_SAMPLING_S",
           "QUICK_SEED", "QUICK_TYPED_S", "TYPED_RUNS", "TYPED_EDGES", "TYPED_SHRINKS", "TYPED_ENGINE"]

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
#: CPU seconds, runs and edges per run of the typed inputs (`typed_inputs`: a Python function's
#: arguments drawn from its annotations) tried first: the bench/python_data bugs on dicts with
#: string keys, which the IR sampler draws rarely, fail within a few dozen tiny runs.
QUICK_TYPED_S, TYPED_RUNS, TYPED_EDGES = 0.03, 400, 20_000
#: Steps of shrinking a failing draw (each one run per simpler argument tried)
TYPED_SHRINKS = 30
#: the engine named in a no the typed inputs found
TYPED_ENGINE = "typed inputs"


def typed_search(cfa: Cfa, keys: set[CheckKey], shapes: Mapping[str, str], cpu_s: float,
                 until: float) -> dict[CheckKey, CheckOutcome]:
    """A no with a witness for the first check of `keys` that a run of `cfa` on small
    inputs drawn from the parameters' annotations `shapes` (`typed_inputs`) fails, found within
    `cpu_s` CPU seconds (once the modules it needs are loaded) and before `until` (`time.monotonic()`),
    in at most `TYPED_RUNS` runs, then shrunk (at most `TYPED_SHRINKS` steps, and `cpu_s` more) to the
    simplest arguments that fail the same check; else nothing."""
    from .crosscheck import py_witness  # noqa: F401  (imported here: the clock starts once it is loaded)
    from .interpret import run_cfa
    from .typed_inputs import TypedInputs, source_constants

    cpu_until = time.process_time() + cpu_s
    steps = max(1, TYPED_EDGES // max(1, len(cfa.edges)))  # a replay's edge budget covers the run's
    reads: dict = {}  # each edge's nondet nodes, shared by the runs

    def failure(params: dict[str, object]) -> tuple[CheckKey, dict[str, int]] | None:
        """The check of `keys` a run on `params` fails, with the nondet values it read (input(): 0)."""
        nondet: dict[str, int] = {}

        def read(site: str, step: int, _type: object) -> int:
            return nondet.setdefault(f"{site}@{step}", 0)

        run = run_cfa(cfa, params, read, max_edges=TYPED_EDGES, trace=False, reads=reads)  # type: ignore[arg-type]
        key = None if run.failure is None else (run.failure[0], run.failure[1].line, run.failure[1].column)
        return (key, nondet) if key in keys else None

    inputs = TypedInputs(shapes, source_constants(cfa.edges), seed=QUICK_SEED)
    for values, params in itertools.islice(inputs.candidates(cfa.params), TYPED_RUNS):
        if time.process_time() >= cpu_until or time.monotonic() >= until:
            break
        found = failure(params)
        if found is None:
            continue
        key, nondet = found
        for _ in range(TYPED_SHRINKS):  # the simplest arguments that fail the same check, as a tester shows them
            if time.process_time() >= cpu_until + cpu_s:
                break
            for simpler in inputs.simpler(values):
                spelled = inputs.spell(simpler, cfa.params)
                again = None if spelled is None else failure(spelled)
                if again is not None and again[0] == key:
                    values, params, nondet = simpler, spelled, again[1]
                    break
            else:
                break
        witness = Witness(dict(params), nondet, steps)  # type: ignore[arg-type]
        return {key: CheckOutcome(key, Verdict.NO, TYPED_ENGINE, witness=witness)}
    return {}


def typed_quick_no(cfa: Cfa, deadline: Deadline, kinds: Collection[str], shapes: Mapping[str, str]
                   ) -> PortfolioAnswer | None:
    """`typed_search` before anything is encoded, for a run that ends at its first confirmed no
    (--exit-first): the answer with the no it found and every check site (`check_sites.listed_sites`,
    so z3 need not even be imported), or None when it found none or the sites cannot be listed so."""
    sites = listed_sites(cfa)
    if sites is None:
        return None
    keys = {k for k in sites if k[0] in kinds and k[0] != BOUND_CHECK}
    found = typed_search(cfa, keys, shapes, QUICK_TYPED_S, time.monotonic() + QUICK_WALL_SHARE * deadline.remaining())
    if not found:
        return None
    answer = PortfolioAnswer(sites=sites)
    answer.merge(found)
    return answer


def quick_search(cfa: Cfa, deadline: Deadline, kinds: Collection[str] | None = None,
                 shapes: Mapping[str, str] | None = None, deep: bool = True) -> PortfolioAnswer:
    """Typed inputs (given a Python function's parameter annotations `shapes`), then (with `deep`,
    or without `shapes`) sampled runs (with loops), then with `deep` BMC, on `cfa` for a short
    while: the check sites and the
    outcomes found (each also in `news`); an answer with no sites when the
    function cannot even be encoded here (the lanes then say why). The runs
    look for a failure of a check of `kinds` (default: any) only."""
    from .encode import encode
    from .engines.safety.bmc import Bmc

    answer = PortfolioAnswer()
    start_cpu = time.process_time()
    until = time.monotonic() + QUICK_WALL_SHARE * deadline.remaining()
    try:
        ts = encode(cfa)
        answer.sites = dict(ts.checks)
        keys = {k for k in ts.checks if (kinds is None or k[0] in kinds) and k[0] != BOUND_CHECK}
        if shapes is not None:
            found = typed_search(cfa, keys, shapes, QUICK_TYPED_S, until)
            if found or not deep:
                answer.merge(found)
                return answer  # confirmed first: the lanes search on for the other checks
        if cfa.loops:
            from .engines.safety.sampling import run_sampling  # here: loop-free code (most quick searches) needs none

            found = run_sampling(ts, keys, until, seed=QUICK_SEED, first_only=True,
                                 cpu_until=time.process_time() + QUICK_SAMPLING_S)
            if found:
                answer.merge(found)
                return answer  # confirmed first: the lanes search on for the other checks
        if not deep:
            return answer  # BMC is the search lane's, forked next
        search = Bmc(ts, keys | {k for k in ts.checks if k[0] == BOUND_CHECK})  # the kinds asked for only
        while (search.open_keys and not search.finished and time.monotonic() < until
               and time.process_time() - start_cpu < QUICK_CPU_S):
            found = search.advance(until)
            answer.merge(found)
            if any(o.verdict == Verdict.NO for o in found.values()):
                break  # confirmed first: the lanes search on for the other checks
    except Exception:  # the lanes meet it again and report it as theirs (an unsupported construct, a solver error)
        return PortfolioAnswer()
    answer.bmc_depth = search.checked
    return answer
