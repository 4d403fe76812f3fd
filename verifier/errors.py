"""Errors of verify: one root, and input errors that carry a position.

Positions follow Lark's convention: lines and columns are 1-based. Only
`cli.py` / `report.py` turn these records into text.
"""

from __future__ import annotations

from dataclasses import dataclass


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

    Raised by frontends. When it happens inside one function body, the frontend
    records it on that function instead, so only that function's checks become
    unknown (reason ``unsupported: ...``) and the rest are still answered.
    """

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(path, line, column, message, "unsupported")

    def __reduce__(self):
        return (UnsupportedConstruct, (self.path, self.line, self.column, self.message))


class SolverUnknown(VerifyError):
    """A solver answered unknown (or failed); carries its reason text."""
