"""cvc5's answer on one proof obligation, read from the SMT-LIB 2 text z3 printed.

This module imports neither z3 nor the rest of the verifier, so that a process that has
not imported z3 (the parse helper serving re-checks, `cvc5_service`) can run it.
"""

from __future__ import annotations

import re

__all__ = ["cvc5_unsat", "portable"]


def cvc5_unsat(text: str, timeout_s: float, logic: str = "ALL") -> bool | None:
    """Is the obligation `text` unsatisfiable for cvc5 under `logic`, within `timeout_s`
    (None: no answer)? cvc5 rejecting the text raises RuntimeError; a missing cvc5, ImportError."""
    import cvc5

    solver = cvc5.Solver()
    solver.setOption("incremental", "false")  # one query: all of cvc5's preprocessing may apply
    # z3's printer reuses a binder's name inside its let terms: cvc5 renames it, as SMT-LIB's scoping says,
    # and would print a warning on the user's terminal for each one
    solver.setOption("fresh-binders", "true")
    solver.setOption("tlimit-per", str(int(timeout_s * 1000)))
    solver.setLogic(logic)
    if "(as const " in text:
        solver.setOption("arrays-exp", "true")  # constant arrays (calloc's zeros, malloc's unset pointers)
    if re.search(r"\((forall|exists) ", text):
        # when its other strategies give up on a quantifier (incomplete), enumerate
        # instances: the quantified prefix invariants of array loops need `k := j`
        solver.setOption("enum-inst", "true")
    parser = cvc5.InputParser(solver)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, portable(text).replace("(check-sat)", ""), "obligation")
    symbols = parser.getSymbolManager()
    while True:
        command = parser.nextCommand()
        if command.isNull():
            break
        command.invoke(solver, symbols)
    r = solver.checkSat()
    if r.isUnknown():
        return None
    return r.isUnsat()


#: z3's simplifier prints its internal division operators (`bvsdiv_i`, ...);
#: with z3's default `rewriter.hi_div0` they equal the standard ones on every
#: input, division by zero included (tests/test_recheck.py asks z3 to confirm).
_Z3_INTERNAL_OPERATORS = re.compile(r"\b(bvsdiv|bvudiv|bvsrem|bvurem|bvsmod)_i\b")


#: a constant integer array of a negative element (a malloc'd block's unset pointer
#: fields): cvc5 takes only a value there, and reads ``-1`` as one (not ``(- 1)``)
_NEGATIVE_CONSTANT_ARRAY = re.compile(r"(\(as const \(Array Int Int\)\)) \(- (\d+)\)")


def portable(text: str) -> str:
    """z3's SMT-LIB dialect into the standard one cvc5 reads."""
    text = re.sub(r"\(set-info [^\n]*\n", "", text)
    text = _NEGATIVE_CONSTANT_ARRAY.sub(r"\1 -\2", text)
    return _Z3_INTERNAL_OPERATORS.sub(r"\1", text)
