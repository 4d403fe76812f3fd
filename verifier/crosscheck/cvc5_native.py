"""cvc5's answer on one proof obligation, read from the SMT-LIB 2 text z3 printed.

This module imports neither z3 nor the rest of the verifier, so that a process that has
not imported z3 (the parse helper serving re-checks, `cvc5_service`) can run it.
"""

from __future__ import annotations

import re

from . import cvc5_capi

__all__ = ["cvc5_unsat", "load", "portable"]


def cvc5_unsat(text: str, timeout_s: float, logic: str = "ALL") -> bool | None:
    """Is the obligation `text` unsatisfiable for cvc5 under `logic`, within `timeout_s`
    (None: no answer)? cvc5 rejecting the text raises RuntimeError; a missing cvc5, ImportError.
    Through cvc5's C API when the installed cvc5 offers it (`cvc5_capi`), else its Python binding."""
    options = [("incremental", "false"),  # one query: all of cvc5's preprocessing may apply
               # z3's printer reuses a binder's name inside its let terms: cvc5 renames it, as SMT-LIB's scoping
               # says, and would print a warning on the user's terminal for each one
               ("fresh-binders", "true"),
               ("tlimit-per", str(int(timeout_s * 1000)))]
    if "(as const " in text:
        options.append(("arrays-exp", "true"))  # constant arrays (calloc's zeros, malloc's unset pointers)
    if re.search(r"\((forall|exists) ", text):
        # when its other strategies give up on a quantifier (incomplete), enumerate
        # instances: the quantified prefix invariants of array loops need `k := j`
        options.append(("enum-inst", "true"))
    commands = portable(text).replace("(check-sat)", "")
    library = cvc5_capi.load()
    if library is not None:
        return library.unsat(commands, options, logic)
    return _binding_unsat(commands, options, logic)


def load() -> None:
    """Load cvc5 (its C API, else its Python binding: some 4 or 20 ms) ahead of the first `cvc5_unsat`;
    ImportError when cvc5 is missing."""
    if cvc5_capi.load() is None:
        import cvc5  # noqa: F401


def _binding_unsat(commands: str, options: list[tuple[str, str]], logic: str) -> bool | None:
    """`cvc5_unsat` through cvc5's Python binding."""
    import cvc5

    solver = cvc5.Solver()
    for option, value in options:
        solver.setOption(option, value)
    solver.setLogic(logic)
    parser = cvc5.InputParser(solver)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, commands, "obligation")
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
