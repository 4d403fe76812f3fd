"""verify: yes, no (with a replayed counterexample) or don't know, for C
programs, Python functions and access policies.

The library is usable without the CLI::

    from verifier import prove
    results = prove("examples/f.c")
"""

from __future__ import annotations

from .result import Result, Verdict

__all__ = ["prove", "terminates", "assume", "Result", "Verdict"]


def prove(path: str, function: str | None = None, checks: str = "assert,overflow,div,shift",
          semantics: str | None = None, timeout: float = 10.0) -> list[Result]:
    """Every check of `path` (or of `function` in it), as `Result`s."""
    from .prove import parse_checks, prove_paths

    return prove_paths([path], function, parse_checks(checks), semantics, timeout)


def terminates(path: str, function: str | None = None, semantics: str | None = None,
               timeout: float = 10.0) -> list[Result]:
    """Termination of `function` (or each selected function) of `path`."""
    from .load import load_program
    from .prove import prove_function, select_functions

    program = load_program(path, semantics)
    return [r for name in select_functions(program, function) for r in prove_function(program, name, ("termination",), timeout)]


def __getattr__(name: str):
    if name == "assume":  # lazily, so `import verifier` stays cheap
        from .runtime import assume

        return assume
    raise AttributeError(name)
