"""Conventions a yes rests on, stated with it.

The C frontend reads two pointer parameters of the function verified as
designating distinct objects (README, "Convention for array and pointer
parameters"): its proof holds for callers that pass distinct objects, and a
caller passing one object twice may see otherwise (`*a = 1; *b = 2;` then
`*a == 1`). A yes that rests on it says so in `Certificate.assumes`, which the
text report prints under the certificate and the JSON output carries.
"""

from __future__ import annotations

from . import ir
from .result import Result, Verdict

__all__ = ["DISTINCT_POINTERS", "distinct_pointers_assumed", "state_assumption"]

DISTINCT_POINTERS = "pointer parameters designate distinct objects (no aliasing between them)"


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
