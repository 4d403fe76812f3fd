"""Errors of verify: one root, and input errors that carry a position.

The family::

    VerifyError
    ├── InputError                 bad input: the CLI prints it and exits 2
    │   └── UnsupportedConstruct   a construct outside the subset, found by a frontend
    └── AnalysisUnsupported        valid input a later stage cannot analyse
        ├── cfa.CfaUnsupported     lowering to a control-flow automaton
        ├── smt.EncodeUnsupported  encoding to z3 in the chosen semantics
        ├── equivalence.side_encoding.SideUnsupported comparing two functions
        └── policy.universe.Unsupported        encoding a policy exactly

Positions follow Lark's convention: lines and columns are 1-based. Only
`cli.py` / `report.py` turn these records into text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ir import Loc

#: a quoted source excerpt long enough to be shortened in a message
_LONG_EXCERPT = re.compile(r"'([^'\n]{%d,})'" % 81)


def shorten_excerpts(message: str) -> str:
    """`message` with each quoted source excerpt over 80 characters cut to
    its start and end, so one line stays readable (a file may have a line of
    megabytes)."""
    return _LONG_EXCERPT.sub(lambda m: f"'{m.group(1)[:60]} ... {m.group(1)[-15:]}'", message)


#: The CLI's --traceback: an internal error that does not end the run (an exception in a
#: worker: that file's open checks become unknown) prints its traceback, not only one line.
show_tracebacks = False


class VerifyError(Exception):
    """Root of every error this package raises on purpose."""


@dataclass
class InputError(VerifyError):
    """Bad input: a syntax error, an unsupported construct, malformed policy JSON,
    a missing or unreadable file.

    `kind` is one of the input-error codes of `registry.INPUT_ERROR_KINDS`
    (``syntax``, ``unsupported``, ``policy-json``, ``policy-schema``, ``file``,
    ``usage``). The CLI prints it as one line ``path:line:col: error: message``
    and exits with code 2.
    """

    path: str
    line: int
    column: int
    message: str
    kind: str = "syntax"

    def __post_init__(self) -> None:
        self.message = shorten_excerpts(self.message)
        super().__init__(self.format())

    def format(self) -> str:
        """One line, ``path:line:col: error: message`` (unknown parts omitted)."""
        where = self.path
        if self.line > 0:
            where += f":{self.line}"
            if self.column > 0:
                where += f":{self.column}"
        return f"{where}: error: {self.message}"

    def __str__(self) -> str:  # dataclass would otherwise replace Exception.__str__
        return self.format()

    def __reduce__(self):  # picklable across worker processes
        return (InputError, (self.path, self.line, self.column, self.message, self.kind))


class UnsupportedConstruct(InputError):
    """A construct outside the supported subset (pointer, float, list, ...).

    Raised inside the frontends, which record it on the function concerned
    (or, for a file-scope declaration or module-level statement, on each
    function it can affect), so only those checks become unknown (reason
    ``unsupported: ...``) and the rest are still answered. It reaches the
    user as an input error only for what no function can be separated from
    (e.g. a C ``#if`` condition outside the subset).
    """

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(path, line, column, message, "unsupported")

    def __reduce__(self):
        return (UnsupportedConstruct, (self.path, self.line, self.column, self.message))


class AnalysisUnsupported(VerifyError):
    """A function the frontend accepted that a stage of the analysis cannot
    handle (a call cycle too deep to inline, `&` on unbounded integers, a
    nondet value two functions compare on, ...).

    Never an input error: only the checks of that function become unknown,
    with reason ``unsupported: <what>``, and the rest are still answered.
    Carries `what` (the construct, as the reason shows it) and `loc`.
    """

    def __init__(self, what: str, loc: Loc) -> None:
        super().__init__(what)
        self.what = what
        self.loc = loc

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.what, self.loc))
