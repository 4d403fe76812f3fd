"""Ground truth for a fuzz Python function: call it on every input of the domains' product
in a child interpreter (memory- and time-limited: a huge shift may not finish), recording
how each call ended. A loop head that sees a state again (Brent's cycle detection) means
the call runs forever; `STEP_LIMIT` iterations without that give no verdict."""

from __future__ import annotations

import itertools
import json

from .ground_runs import python_driver_output
from .outcome import Run, Truth
from .program import Program
from .render import py_text

STEP_LIMIT = 100_000

_DRIVER = r"""
import itertools, json, resource, sys, traceback
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from verifier.runtime import AssumptionViolated, assume
source, domains, limit = json.loads(sys.stdin.read())

class Cycle(Exception): pass
class Bound(Exception): pass
state = {}
def _fuzz_tick(loop, values):
    state["steps"] += 1
    if state["saved"] == (loop, values):
        raise Cycle()
    if state["steps"] >= limit:
        raise Bound()
    if state["steps"] == state["power"]:
        state["saved"], state["power"] = (loop, values), state["power"] * 2
    return True

space = {"_fuzz_tick": _fuzz_tick, "__name__": "fuzz"}
exec(compile(source, "<fuzz>", "exec"), space)
space["assume"] = assume
for inputs in itertools.product(*[range(lo, hi + 1) for lo, hi in domains]):
    state.update(steps=0, saved=None, power=1)
    out = {"inputs": inputs, "ending": "ok"}
    try:
        space["f"](*inputs)
    except AssumptionViolated:
        out["ending"] = "infeasible"
    except Cycle:
        out["ending"] = "cycle"
    except (Bound, MemoryError, OverflowError, RecursionError) as e:
        out.update(ending="undetermined", detail=type(e).__name__)
    except Exception as e:
        line = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == "<fuzz>"][-1]
        check = {"AssertionError": "assert", "ZeroDivisionError": "div-by-zero",
                 "IndexError": "bounds"}.get(type(e).__name__)
        if check is None and "shift count" in str(e):
            check = "shift"
        out.update(ending="failed" if check else "undetermined", check=check, line=line, detail=repr(e))
    print(json.dumps(out), flush=True)
"""


def run(program: Program, timeout: float = 120.0) -> Truth:
    """Every input's `Run` of the Python rendering of `program`."""
    payload = json.dumps([py_text(program, tick=True), [v.domain for v in program.inputs], STEP_LIMIT])
    out = python_driver_output(_DRIVER, payload, timeout)
    truth = Truth()
    for line in out.splitlines():
        r = json.loads(line)
        truth.runs.append(Run(tuple(r["inputs"]), r["ending"], r.get("check"), r.get("line"), r.get("detail", "")))
    done = {r.inputs for r in truth.runs}
    for inputs in itertools.product(*(v.values() for v in program.inputs)):
        if inputs not in done:  # the child died (memory) or ran out of time on this input
            truth.runs.append(Run(inputs, "undetermined", detail="no answer from the child"))
    return truth
