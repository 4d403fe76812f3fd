"""Conventions a yes rests on, stated with it.

The C frontend reads two pointer parameters of the function verified as
designating distinct objects (README, "Convention for array and pointer
parameters"): its proof holds for callers that pass distinct objects, and a
caller passing one object twice may see otherwise (`*a = 1; *b = 2;` then
`*a == 1`). Both frontends start a function from its program's initial
globals (C: as at the program's start; Python: a freshly imported module, as
the replay runs it): in a program whose functions change globals, a proof
holds for a call made in that state, not for one made after others changed
them (C's `main` is called in that state by definition). A yes that rests on
either says so in `Certificate.assumes`, which the text report prints under
the certificate and the JSON output carries.
"""

from __future__ import annotations

from . import ir
from .result import Result, Verdict

__all__ = ["DISTINCT_POINTERS", "INITIAL_GLOBALS", "assumptions_of", "distinct_pointers_assumed", "state_assumption"]

DISTINCT_POINTERS = "pointer parameters designate distinct objects (no aliasing between them)"
INITIAL_GLOBALS = "the program's globals hold their initial values when the function is called"


def assumptions_of(program: ir.Program, fn: ir.Function) -> str:
    """The conventions a proof about `fn` rests on, as one text ("" for none)."""
    assumed = []
    if distinct_pointers_assumed(program, fn):
        assumed.append(DISTINCT_POINTERS)
    if initial_globals_assumed(program, fn):
        assumed.append(INITIAL_GLOBALS)
    return "; ".join(assumed)


def initial_globals_assumed(program: ir.Program, fn: ir.Function) -> bool:
    """Does a proof about `fn` rest on the globals' initial values: some function of the program changes a
    global, and `fn` is not C's `main` (which the program's start calls in that state)?"""
    if program.language == "c" and fn.name == "main":
        return False
    return any(f.globals_written for f in program.functions.values())


def distinct_pointers_assumed(program: ir.Program, fn: ir.Function) -> bool:
    """Does a proof about C function `fn` rest on its pointer parameters designating distinct objects
    (it has two or more: arrays, pointers, or struct pointers, whose fields are parameters `p->f`)?"""
    if program.language != "c":
        return False
    bases = {p.name.split("->")[0] for p in fn.params if isinstance(p.type, ir.ArrayType) or "->" in p.name}
    return len(bases) > 1


def state_assumption(result: Result, assumption: str) -> None:
    """Record on `result`, when it is a yes with a certificate, the convention its proof rests on."""
    if assumption and result.verdict == Verdict.YES and result.certificate is not None:
        result.certificate.assumes = assumption
