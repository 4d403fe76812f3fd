"""The expected answers of bench/python_data, established on CPython without `verify` or CrossHair.

    python bench/python_data_oracle.py [--examples 2000] [--function NAME]

bench/python_data holds one Python function per file and manifest.json, one entry per
function: its file, name, contract style (asserts, pep316, icontract, deal) and the
calls that make it fail, each with the check it fails (bounds, key, value,
div-by-zero, raise, assert, postcondition), the exception CPython raises and the line.
A function without failing calls is correct: every check is expected yes. A buggy
function's expected verdict is no for the checks of its failing calls, yes for every
other check.

This script replays each recorded failing call (the exception must be the recorded
one, raised at the recorded line; a postcondition must come out false), then calls
every function on `--examples` Hypothesis inputs drawn from its annotations
(or the entry's `strategies`) that satisfy its precondition: a correct function must
never fail, a buggy one may only fail the checks the manifest records.

Contracts are judged as CPython runs them: icontract and deal check their own
decorators (a violation before the body starts is a precondition, after it a
postcondition); PEP 316 docstring `pre:`/`post:` lines are evaluated here, with
`__return__` and `__old__` as CrossHair defines them; leading `assert isinstance`
guards always hold on annotated inputs. An exception named in a `:raises X:` docstring
line or a `deal.raises(X)` decorator is declared, not a failure.
Exit status 1 when any answer disagrees with the manifest.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import copy
import importlib.util
import inspect
import json
import re
import sys
import traceback
import typing
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, Callable

CORPUS = Path(__file__).resolve().parent / "python_data"
STYLES = ("asserts", "pep316", "icontract", "deal")
CHECKS = ("bounds", "key", "value", "div-by-zero", "raise", "assert", "postcondition")
CHECK_OF_EXCEPTION = {"IndexError": "bounds", "KeyError": "key", "ValueError": "value",
                      "ZeroDivisionError": "div-by-zero", "AssertionError": "assert"}
CROSSHAIR_KIND = {"asserts": "asserts", "pep316": "PEP316", "icontract": "icontract", "deal": "deal"}


@dataclass(frozen=True)
class FailingCall:
    """A call that fails on CPython: `call` is `name(literal, ...)`; `line` is None for a postcondition."""

    call: str
    check: str
    fails_with: str  # the exception's class name, or "postcondition"
    line: int | None


@dataclass(frozen=True)
class Entry:
    """One function of the corpus and what it is expected to answer."""

    file: str
    function: str
    style: str
    failing: tuple[FailingCall, ...]
    note: str
    strategies: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return CORPUS / self.file

    @property
    def buggy(self) -> bool:
        return bool(self.failing)

    def expected(self, check: str) -> str:
        """yes or no: no exactly for the checks some recorded call fails."""
        return "no" if any(f.check == check for f in self.failing) else "yes"


@dataclass(frozen=True)
class Outcome:
    """What one call did: passed, rejected by the precondition, raised a declared exception, or failed a check."""

    kind: str  # "passed", "rejected", "declared", "failed"
    check: str = ""
    exception: str = ""
    line: int | None = None
    detail: str = ""


def load_manifest(corpus: Path = CORPUS) -> list[Entry]:
    """The manifest's entries, in file order."""
    raw = json.loads((corpus / "manifest.json").read_text())
    return [Entry(e["file"], e["function"], e["style"],
                  tuple(FailingCall(f["call"], f["check"], f["fails_with"], f.get("line")) for f in e["failing"]),
                  e["note"], e.get("strategies", {}))
            for e in raw]


def load_function(entry: Entry) -> Callable[..., Any]:
    """Import the entry's file as a fresh module and return its function."""
    spec = importlib.util.spec_from_file_location(f"python_data_{entry.path.stem}", entry.path)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, entry.function)


def read_verify_json(text: str) -> Any:
    """`verify --format json` output as Python values: a counterexample may hold an int of more
    digits than CPython reads by default (a `value` check on writing it in decimal), so the limit
    is lifted while reading, and only then (programs run here keep theirs)."""
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.loads(text)
    finally:
        sys.set_int_max_str_digits(saved)


def parse_call(call: str) -> tuple[str, tuple[Any, ...]]:
    """`f([1, 2], "a", None)` -> ("f", ([1, 2], "a", None)); arguments must be literals, or a power
    of int literals (`-10 ** 4300`: an int too long for CPython to read as a decimal literal)."""
    node = ast.parse(call, mode="eval").body
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords):
        raise ValueError(f"not a call with positional literal arguments: {call}")
    return node.func.id, tuple(_literal(a) for a in node.args)


def _literal(node: ast.expr) -> Any:
    """A literal's value, where an int may also be written `a ** b` over int literals (inside lists,
    tuples and dicts too)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        base, exponent = _literal(node.left), _literal(node.right)
        if type(base) is int and type(exponent) is int and exponent >= 0:
            return base ** exponent
        raise ValueError(f"not a power of int literals: {ast.unparse(node)}")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_literal(node.operand)
    if isinstance(node, ast.List):
        return [_literal(e) for e in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict) and None not in node.keys:
        return {_literal(k): _literal(v) for k, v in zip(node.keys, node.values)}  # type: ignore[arg-type]
    return ast.literal_eval(node)


def docstring_conditions(fn: Callable[..., Any], keyword: str) -> list[tuple[int, str]]:
    """PEP 316 `keyword:` lines of fn's docstring, as (file line, expression)."""
    source, first = inspect.getsourcelines(fn)
    found = []
    for offset, text in enumerate(source):
        m = re.match(rf"^\s*{keyword}\s*:\s*(.+?)\s*$", text)
        if m:
            found.append((first + offset, m.group(1)))
    return found


def declared_exceptions(fn: Callable[..., Any]) -> tuple[type[BaseException], ...]:
    """Exceptions named by `:raises X:` docstring lines or `deal.raises(X, ...)` decorators."""
    names = re.findall(r"^\s*:raises\s+([\w.]+)\s*:", inspect.getdoc(fn) or "", re.MULTILINE)
    tree = ast.parse(inspect.getsource(fn).lstrip())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "deal.raises":
            names += [ast.unparse(a) for a in node.args]
    found = []
    for name in names:
        value = fn.__globals__.get(name, getattr(builtins, name, None))
        if isinstance(value, type) and issubclass(value, BaseException):
            found.append(value)
    return tuple(found)


def contract_violation(exc: BaseException) -> bool:
    """Whether exc is icontract's or deal's report of a broken contract."""
    names = {c.__module__.split(".")[0] + "." + c.__name__ for c in type(exc).__mro__}
    return bool(names & {"icontract.ViolationError", "deal.ContractError"})


def call(fn: Callable[..., Any], style: str, args: tuple[Any, ...]) -> Outcome:
    """Run fn on a copy of args under its contract and say what happened."""
    raw = inspect.unwrap(fn)
    params = list(inspect.signature(raw).parameters)
    args = copy.deepcopy(args)
    env = dict(zip(params, args))
    if style == "pep316":
        for _, text in docstring_conditions(raw, "pre"):
            if not eval(text, {**raw.__globals__, **env}):
                return Outcome("rejected")
    old = SimpleNamespace(**copy.deepcopy(env))
    entered = False

    def watch(frame, event, _arg):
        nonlocal entered
        if event == "call" and frame.f_code is raw.__code__:
            entered = True

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        result = fn(*args)
    except BaseException as exc:  # noqa: BLE001 - every exception is an outcome to classify
        sys.setprofile(previous)
        return classify(raw, exc, entered)
    sys.setprofile(previous)
    if style == "pep316":
        for line, text in docstring_conditions(raw, "post"):
            scope = {**raw.__globals__, **env, "__return__": result, "__old__": old}
            try:
                holds = eval(text, scope)
            except Exception as exc:  # noqa: BLE001 - a postcondition that cannot be evaluated does not hold
                return Outcome("failed", "postcondition", "postcondition", None, f"line {line}: {exc!r}")
            if not holds:
                return Outcome("failed", "postcondition", "postcondition", None, f"line {line}: {text}")
    return Outcome("passed")


def classify(raw: Callable[..., Any], exc: BaseException, entered: bool) -> Outcome:
    """An exception out of a call: a precondition, a declared exception, or the check it fails and where."""
    if not entered:
        return Outcome("rejected", detail=repr(exc))
    if contract_violation(exc) and type(exc).__name__ != "RaisesContractError":
        return Outcome("failed", "postcondition", "postcondition", None, str(exc).splitlines()[0])
    if type(exc).__name__ == "RaisesContractError":  # deal wraps an undeclared exception
        exc = exc.__cause__ or exc.__context__ or exc
    if isinstance(exc, declared_exceptions(raw)):
        return Outcome("declared", exception=type(exc).__name__)
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename == raw.__code__.co_filename and f.name == raw.__name__]
    if not frames:  # raised while evaluating a contract after the body returned
        return Outcome("failed", "postcondition", "postcondition", None, repr(exc))
    line, text = frames[-1].lineno, (frames[-1].line or "").strip()
    name = type(exc).__name__
    check = ("raise" if text.startswith("raise") else "assert" if text.startswith("assert")
             else CHECK_OF_EXCEPTION.get(name, f"other:{name}"))
    return Outcome("failed", check, name, line, str(exc))


def replay(entry: Entry, failing: FailingCall) -> tuple[Outcome, bool]:
    """Run one recorded failing call; True when it fails as recorded (check, exception, line)."""
    name, args = parse_call(failing.call)
    if name != entry.function:
        raise ValueError(f"{failing.call} does not call {entry.function}")
    outcome = call(load_function(entry), entry.style, args)
    agrees = (outcome.kind == "failed" and outcome.check == failing.check
              and outcome.exception == failing.fails_with and outcome.line == failing.line)
    return outcome, agrees


def strategies_for(entry: Entry, fn: Callable[..., Any]) -> dict[str, Any]:
    """A Hypothesis strategy per parameter: the entry's override, else from the annotation."""
    from hypothesis import strategies as st

    hints = typing.get_type_hints(inspect.unwrap(fn))
    params = inspect.signature(inspect.unwrap(fn)).parameters
    return {p: eval(entry.strategies[p], {"st": st}) if p in entry.strategies else st.from_type(hints[p])
            for p in params}


def explore(entry: Entry, examples: int) -> tuple[int, dict[tuple[str, int | None], str]]:
    """Call the function on `examples` valid Hypothesis inputs; (valid calls, failures by (check, line) -> a call)."""
    from hypothesis import HealthCheck, assume, given, settings
    from hypothesis import strategies as st

    fn = load_function(entry)
    params = list(inspect.signature(inspect.unwrap(fn)).parameters)
    valid = 0
    failures: dict[tuple[str, int | None], str] = {}

    @settings(max_examples=examples, database=None, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries(strategies_for(entry, fn)))
    def run(kwargs: dict[str, Any]) -> None:
        nonlocal valid
        args = tuple(kwargs[p] for p in params)
        outcome = call(fn, entry.style, args)
        assume(outcome.kind != "rejected")
        valid += 1
        if outcome.kind == "failed":
            failures.setdefault((outcome.check, outcome.line), f"{entry.function}{args!r}")

    run()
    return valid, failures


def disagreements(entry: Entry, results: list[dict]) -> list[str]:
    """Where `verify prove --format json` results contradict the entry (unknown never does).

    Per check: a no where the manifest expects yes, all yes where it expects no, or only yes
    at the line where a recorded call raises that check's exception (a line may hold several
    sites of one check, `xs[i], xs[j] = xs[j], xs[i]`, so one yes there is not yet wrong).
    """
    wrong = []
    by_check: dict[str, list[dict]] = {}
    for r in results:
        by_check.setdefault(r["check"], []).append(r)
    for check, found in sorted(by_check.items()):
        verdicts = {r["verdict"] for r in found}
        if entry.expected(check) == "yes" and "no" in verdicts:
            lines = sorted(r["location"]["line"] for r in found if r["verdict"] == "no")
            wrong.append(f"{check}: no at line(s) {lines}, expected yes")
        if entry.expected(check) == "no" and verdicts == {"yes"}:
            wrong.append(f"{check}: yes, expected no ({entry.failing[0].call})")
        for line in sorted({f.line for f in entry.failing if f.check == check and f.line is not None}):
            at_line = {r["verdict"] for r in found if r["location"]["line"] == line}
            if at_line == {"yes"} and verdicts != {"yes"}:
                wrong.append(f"{check}: yes at line {line}, where a recorded call fails")
    return wrong


def replayed_bug(entry: Entry, results: list[dict]) -> bool:
    """Whether some expected-no check is answered no with a counterexample confirmed by replay."""
    return any(r["verdict"] == "no" and entry.expected(r["check"]) == "no"
               and (r.get("counterexample") or {}).get("confirmed") for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--function", help="only this function")
    args = parser.parse_args()
    disagreements = 0
    for entry in load_manifest():
        if args.function and entry.function != args.function:
            continue
        for failing in entry.failing:
            outcome, agrees = replay(entry, failing)
            disagreements += not agrees
            print(f"{entry.file}: {failing.call}: {outcome.exception or outcome.kind} at line {outcome.line} "
                  f"({outcome.check or outcome.detail}) {outcome.detail[:60]!r} "
                  f"{'as recorded' if agrees else 'DISAGREES with ' + repr(failing)}")
        valid, failures = explore(entry, args.examples)
        expected = {f.check for f in entry.failing}
        unexpected = {k: v for k, v in failures.items() if k[0] not in expected}
        disagreements += bool(unexpected)
        seen = ", ".join(f"{c}@{line}" for c, line in sorted(failures, key=str)) or "none"
        print(f"{entry.file}: hypothesis: {valid} valid inputs, failures seen: {seen}"
              f"{'; UNEXPECTED: ' + repr(unexpected) if unexpected else ''}")
    print(f"{disagreements} disagreement(s) with the manifest")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
