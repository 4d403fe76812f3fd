"""CPython's limit on the digits of an int written or read in decimal (``sys.get_int_max_str_digits()``).

``str(x)``, ``repr(x)``, f-strings, ``"%d" % x``, ``format(x, "d")`` and ``int(s)``
of an int of more decimal digits than the limit raise ValueError in CPython
(0: no limit; set by ``PYTHONINTMAXSTRDIGITS`` or ``-X int_max_str_digits``).
That limit belongs to the program: the lowering checks it (`program_digit_limit`)
and the replay worker calls the program under it. The verifier process itself
must write and read ints past it (z3 numerals, models, the replay protocol):
`lift_digit_limit` lifts it there (the command at its start, the Python frontend
when it writes a bound past the limit), remembering the program's. Until then (and
once a limit is set again) the program's limit is the process's current one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["DIGIT_CHECK", "program_digit_limit", "lift_digit_limit", "program_limit_in_force", "exceeds_limit_text"]

#: the label of the choice that guards the lowering's check of the digits of an int written in decimal
#: (``if DIGIT_CHECK and not within: assert within``, see `frontends.python_format`): a prover may take
#: the check there or go on without assuming its bound; equivalence, which needs deterministic functions,
#: resolves the choice as true (the check is taken exactly when it fails, as in CPython)
DIGIT_CHECK = "check of the digits str() writes"

#: the program's limit, remembered when `lift_digit_limit` lifted this process's (None: not lifted)
_program_limit: int | None = None


def program_digit_limit() -> int:
    """The most decimal digits the program's ints may have when written or read (0: no limit): the
    process's limit, unless `lift_digit_limit` lifted it (a limit set again since then wins)."""
    current = sys.get_int_max_str_digits()
    return current if current or _program_limit is None else _program_limit


def lift_digit_limit() -> None:
    """Let this process write and read ints of any number of digits, remembering the program's limit."""
    global _program_limit
    _program_limit = program_digit_limit()
    sys.set_int_max_str_digits(0)


@contextmanager
def program_limit_in_force() -> Iterator[None]:
    """The program's limit in force in this process meanwhile (CPython compiling or formatting as the program)."""
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(program_digit_limit())
    try:
        yield
    finally:
        sys.set_int_max_str_digits(saved)


def exceeds_limit_text(limit: int) -> str:
    """CPython's message for an int of more than `limit` digits written in decimal."""
    return f"ValueError: Exceeds the limit ({limit} digits) for integer string conversion"
