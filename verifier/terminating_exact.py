"""Ranking certificates of bit-vector programs stated on the exact integer reading.

A ranking obligation over 32-bit variables with coefficients (``5*n - 5*i -
6*j + 7`` on a nested loop) takes z3 and cvc5 seconds to bit-blast, and
often more than the time left; the same obligation over integers is linear
arithmetic, decided in milliseconds. `encode(cfa, "int")` reads the program's
fixed-width arithmetic exactly (`verifier.int_reading`: unsigned results and
conversions wrap, a signed result out of range fails its check), so on every
execution that passes its checks it has the bit-vector reading's values. Its
states are taken to lie in their types' ranges (as every reachable state
does; so does every nondet value), and the ranking functions and invariants
are read as integers (`ir.MATH_INT`). Obligations unsatisfiable there prove
every execution of the program ends, as those of the bit-vector reading do.
Where the reading cannot express an operation (bitwise ``|``, ``^``, shifts
by a variable), there is none, and the bit-vector obligations are used.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import z3

from . import ir
from .cfa import Cfa
from .encode import TransitionSystem, encode
from .engines.ranking import Lin, RankNode
from .engines.termination.ranked_loops import ranking_obligations
from .int_reading import int_range
from .smt import EncodeUnsupported


@dataclass
class ExactReading:
    """The integer reading of a function (`ts`, integer variables typed `ir.MATH_INT`)
    and the facts that every state variable and nondet value lies in its type's range."""

    ts: TransitionSystem
    ranges: z3.BoolRef


def exact_reading(cfa: Cfa, dropped_loops: set[int]) -> ExactReading | None:
    """The integer reading of `cfa` without the blocks that return to a head of
    `dropped_loops` at once (loops certified otherwise); None where it cannot be encoded."""
    try:
        ts = encode(cfa, "int")
    except EncodeUnsupported:
        return None
    integer = {v for v, c in ts.current.items() if c.sort() == z3.IntSort()}
    ranges = [int_range(ts.current[v], ts.variables[v]) for v in sorted(integer)]
    ranges += [int_range(ts.nondet_const(site), info.type) for site, info in sorted(ts.nondets.items())
               if ts.nondet_const(site).sort() == z3.IntSort()]
    types = {v: ir.MATH_INT if v in integer else t for v, t in ts.variables.items()}
    blocks = [b for b in ts.blocks if not (b.src == b.dst and b.src in dropped_loops)]
    return ExactReading(dataclasses.replace(ts, variables=types, blocks=blocks), z3.And(*ranges))


def exact_obligations(reading: ExactReading, ranked: list[RankNode],
                      invariants: dict[int, list[Lin]]) -> list[tuple[str, z3.BoolRef]]:
    """`ranking_obligations` on the integer reading, each from states in range
    (raises `CertificateError` as it does)."""
    return [(name, z3.And(reading.ranges, f)) for name, f in ranking_obligations(reading.ts, ranked, invariants)]


__all__ = ["ExactReading", "exact_reading", "exact_obligations"]
