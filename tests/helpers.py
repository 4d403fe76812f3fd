"""Helpers for tests: run `verify prove` on inline source and assert on the evidence."""

from __future__ import annotations

import textwrap
from pathlib import Path

from verifier.config import DEFAULT_TIMEOUT, parse_checks
from verifier.proving import prove_paths
from verifier.result import Result, Verdict, overall_verdict


def prove_source(tmp_path: Path, source: str, suffix: str = ".c", check: str = "assert,overflow,div,shift",
                 function: str | None = None, semantics: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 name: str = "prog") -> list[Result]:
    """Write `source` to a file and prove it; returns every result."""
    path = tmp_path / f"{name}{suffix}"
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return prove_paths([str(path)], function, parse_checks(check), semantics, timeout)


def only(results: list[Result], check: str | None = None, line: int | None = None) -> Result:
    """The single result of `check` (and at `line`), failing loudly otherwise."""
    chosen = [r for r in results if (check is None or r.check == check) and (line is None or r.location.line == line)]
    assert len(chosen) == 1, f"expected one {check} result at line {line}, got {[(r.check, r.location.line) for r in results]}"
    return chosen[0]


def assert_proved(tmp_path: Path, source: str, check: str, **kw) -> Result:
    r = only(prove_source(tmp_path, source, check=check, **kw), _name(check))
    assert r.verdict == Verdict.YES, (r.verdict, r.reason)
    assert r.certificate is not None and "z3" in r.certificate.checked_by
    return r


def assert_refuted(tmp_path: Path, source: str, check: str, **kw) -> Result:
    r = only(prove_source(tmp_path, source, check=check, **kw), _name(check))
    assert r.verdict == Verdict.NO, (r.verdict, r.reason)
    assert r.counterexample is not None and r.counterexample.confirmed
    return r


def assert_unknown(tmp_path: Path, source: str, check: str, reason: str, **kw) -> Result:
    results = prove_source(tmp_path, source, check=check, **kw)
    r = only(results, _name(check))
    assert r.verdict == Verdict.UNKNOWN, (r.verdict, r.certificate)
    assert reason in r.reason, r.reason
    return r


def _name(check: str) -> str:
    return {"div": "div-by-zero"}.get(check, check)


def c_main_system(source: str):
    """The transition system of `source`'s ``main`` (C, bit-vector reading)."""
    from verifier.cfa import build_cfa
    from verifier.encode import encode
    from verifier.frontends.c import parse_c

    return encode(build_cfa(parse_c(source, "t.c", "bv"), "main"))


def chc_outcomes(source: str, checks: tuple[str, ...] = ("assert", "bounds", "overflow"), seconds: float = 30.0):
    """The invariant engine's outcome for each check of `checks` in `source`'s ``main``."""
    import time

    from verifier.engines.invariants.chc import run_chc

    ts = c_main_system(source)
    keys = {k for k in ts.checks if k[0] in checks}
    return run_chc(ts, keys, time.monotonic() + seconds, include_unknown=True)


#: The competition's usual declarations (SV-COMP style): `__VERIFIER_assert` through `reach_error`.
COMPETITION_HEADER = """
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *);
void reach_error() { __assert_fail("0", "t.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error(); abort();} } }
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
"""


def assert_answered(results: list[Result], verdict: Verdict, after_line: int) -> None:
    """The checks after `after_line` (a test program's prelude) answer `verdict` together, and every no
    among `results` carries a confirmed counterexample."""
    answered = [r for r in results if r.location.line > after_line]
    assert overall_verdict(answered) == verdict, [(r.check, r.location.line, r.verdict.value, r.reason)
                                                  for r in results]
    for r in results:
        if r.verdict == Verdict.NO:
            assert r.counterexample is not None and r.counterexample.confirmed, r.reason
