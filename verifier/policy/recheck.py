"""Re-check an unsat answer of z3 with a second solver, cvc5.

The query is handed over as SMT-LIB 2.6 text (z3's own printer), so cvc5 sees
exactly the formula z3 refuted. cvc5 answering sat means one of the solvers is
wrong, and the yes must not stand. A missing cvc5 or a cvc5 timeout is not an
error: the yes then carries `checked_by: [z3]` only.
"""

from __future__ import annotations

from dataclasses import dataclass

import z3


@dataclass(frozen=True)
class Recheck:
    """cvc5's verdict on the query: "unsat", "sat", "unknown" or "unavailable"."""

    answer: str
    note: str = ""


def recheck_unsat(solver: z3.Solver, timeout_s: float) -> Recheck:
    """Ask cvc5 whether the assertions of `solver` are unsatisfiable."""
    try:
        import cvc5
    except ImportError:
        return Recheck("unavailable", "cvc5 is not installed")
    text = "(set-logic ALL)\n" + solver.to_smt2()
    tm = cvc5.TermManager()
    slv = cvc5.Solver(tm)
    slv.setOption("tlimit-per", str(max(1, int(timeout_s * 1000))))
    symbols = cvc5.SymbolManager(tm)
    parser = cvc5.InputParser(slv, symbols)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, text, "query")
    answer = "unknown"
    try:
        while True:
            cmd = parser.nextCommand()
            if cmd.isNull():
                break
            out = cmd.invoke(slv, symbols).strip()
            if out in ("sat", "unsat", "unknown"):
                answer = out
    except RuntimeError as exc:  # cvc5 raises CVC5ApiException (a RuntimeError) on input it rejects
        return Recheck("unknown", f"cvc5 could not read the query: {exc}")
    return Recheck(answer)
