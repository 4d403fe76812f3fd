"""verify: yes, no (with a replayed counterexample) or don't know, for C
programs, Python functions and access policies.

The library is usable without the CLI::

    from verifier import prove
    results = prove("examples/f.c")
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name alike)
if TYPE_CHECKING:  # imported on first use (below), so `import verifier` stays cheap for the CLI's start
    from .result import Result, Verdict

#: The one place the version is written (pyproject.toml reads it from here).
__version__ = "0.1.0"

__all__ = ["prove", "terminates", "equiv", "policy", "assume", "Result", "Verdict"]


def prove(path: str, function: str | None = None, checks: str | None = None,
          semantics: str | None = None, timeout: float | None = None) -> list[Result]:
    """Every check of `path` (or of `function` in it), as `Result`s. `checks` is
    comma-separated (default: `config.DEFAULT_CHECKS`); `timeout` in seconds
    (default: `config.DEFAULT_TIMEOUT`)."""
    from .config import DEFAULT_CHECKS, DEFAULT_TIMEOUT, parse_checks
    from .proving import prove_paths

    return prove_paths([path], function, parse_checks(checks or ",".join(DEFAULT_CHECKS)), semantics,
                       DEFAULT_TIMEOUT if timeout is None else timeout)


def terminates(path: str, function: str | None = None, semantics: str | None = None,
               timeout: float | None = None) -> list[Result]:
    """Termination of `function` (or each selected function) of `path`."""
    from .config import DEFAULT_TIMEOUT, parse_checks
    from .proving import prove_paths

    return prove_paths([path], function, parse_checks("termination"), semantics,
                       DEFAULT_TIMEOUT if timeout is None else timeout)


def equiv(a_spec: str, b_spec: str, semantics: str | None = None, timeout: float | None = None,
          partial: bool = False) -> list[Result]:
    """Do `A[:F]` and `B[:G]` (B may be `REV:PATH[:G]`) agree on every input
    (with `partial`: on every input where both end)?"""
    from .config import DEFAULT_TIMEOUT
    from .equivalence import equiv as _equiv

    return _equiv(a_spec, b_spec, semantics=semantics, timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                  partial=partial)


def __getattr__(name: str):
    # lazily, so `import verifier` stays cheap
    if name == "assume":
        from .runtime import assume

        return assume
    if name in ("Result", "Verdict"):
        from . import result

        return getattr(result, name)
    if name == "policy":
        import importlib

        return importlib.import_module(".policy", __name__)
    raise AttributeError(name)
