"""One fuzz case end to end: generate, establish the ground truth, ask verify, and list
every verdict the ground truth contradicts (a wrong yes or a wrong no)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from verifier.config import parse_checks
from verifier.equivalence import equiv
from verifier.proving import prove_paths
from verifier.result import Result, Verdict

from . import oracle_c, oracle_py, oracle_term, oracle_text
from .constructs import KINDS, generate_construct
from .constructs_term import generate_term
from .equiv_pairs import equiv_errors, generate_pair
from .equiv_pairs import truth as equiv_truth
from .equiv_data import data_errors, data_truth, generate_data_pair
from .equiv_mutants import generate_mutant_pair, mutant_errors, mutant_truth
from .generate import generate
from .minimise import minimise
from .outcome import Run, Truth
from .program import Program
from .render import c_text, py_text

SAFETY_CHECKS = parse_checks("assert,overflow,div,shift,bounds")
TERMINATION_CHECKS = parse_checks("termination")


@dataclass
class Case:
    """A fuzz case and what came of it."""
    seed: int
    language: str
    kind: str
    text: str = ""
    results: list[Result] = field(default_factory=list)
    truth: Truth | None = None
    wrong: list[str] = field(default_factory=list)  # one line per contradicted verdict


def run_case(seed: int, language: str, kind: str, timeout: float = 5.0) -> Case:
    """Generate the case of `seed` and check verify's verdicts against exhaustive runs."""
    program = generate(seed, language, kind)
    case = Case(seed, language, kind)
    check_program(case, program, timeout)
    return case


def run_construct_case(seed: int, language: str, kind: str, timeout: float = 5.0) -> Case:
    """The same for a construct kind (`constructs.KINDS`): source text, all of its cases run."""
    construct = generate_construct(seed, language, kind)
    case = Case(seed, language, kind, construct.text)
    case.truth = oracle_text.run(construct)
    checks = parse_checks(construct.checks)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        path = Path(tmp, "fuzz." + language)
        path.write_text(construct.text)
        case.results = prove_paths([str(path)], construct.entry, checks, None, timeout)
    case.wrong = safety_errors(case.results, case.truth, checks)
    return case


def run_equiv_case(seed: int, language: str = "c", timeout: float = 5.0) -> Case:
    """A recursive-versus-loop pair (`equiv_pairs`) and `verify equiv` of f against g."""
    pair = generate_pair(seed, language)
    case = Case(seed, language, "equiv", pair.a + ("// " if language == "c" else "# ") + "---- b\n" + pair.b)
    status, rows = equiv_truth(pair)
    case.truth = Truth([Run((n,), "ok" if x == y else "failed", "equiv", 0, f"f {x}, g {y}")
                        for n, (x, y) in rows.items()])
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        a, b = Path(tmp, "a." + language), Path(tmp, "b." + language)
        a.write_text(pair.a)
        b.write_text(pair.b)
        case.results = equiv(f"{a}:f", f"{b}:g", timeout=timeout)
    case.wrong = equiv_errors(pair, case.results, status, rows)
    return case


def run_equivmut_case(seed: int, language: str = "c", timeout: float = 5.0) -> Case:
    """A function and its one-change mutant (`equiv_mutants`), `verify equiv` of f against g;
    for C, every third seed pairs the C function with its Python translation."""
    pair = generate_mutant_pair(seed, "mixed" if language == "c" and seed % 3 == 2 else language)
    case = Case(seed, language, "equivmut", f"{pair.a}---- b ({pair.change})\n{pair.b}")
    status, rows = mutant_truth(pair)
    case.truth = Truth([Run(key, "ok" if x == y else "failed", "equiv", 0, f"f {x}, g {y}")
                        for key, (x, y) in rows.items()])
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        a, b = Path(tmp, "a." + pair.lang_a), Path(tmp, "b." + pair.lang_b)
        a.write_text(pair.a)
        b.write_text(pair.b)
        case.results = equiv(f"{a}:f", f"{b}:g", timeout=timeout)
    case.wrong = mutant_errors(case.results, status, rows)
    return case


def run_equivdata_case(seed: int, language: str = "py", timeout: float = 5.0) -> Case:
    """A function that changes its list or array argument and returns data, against its
    one-change mutant (`equiv_data`); `verify equiv` of f against g."""
    pair = generate_data_pair(seed, language)
    case = Case(seed, language, "equivdata", f"{pair.a}---- b ({pair.change})\n{pair.b}")
    status, rows = data_truth(pair)
    case.truth = Truth([Run((key,), "ok" if x == y else "failed", "equiv", 0, f"f {x}, g {y}")
                        for key, (x, y) in rows.items()])
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        a, b = Path(tmp, "a." + language), Path(tmp, "b." + language)
        a.write_text(pair.a)
        b.write_text(pair.b)
        case.results = equiv(f"{a}:f", f"{b}:g", timeout=timeout)
    case.wrong = data_errors(case.results, status, rows)
    return case


def run_term_case(seed: int, language: str = "c", timeout: float = 5.0) -> Case:
    """A termination program of `constructs_term` over bounded inputs, and `verify terminates`
    against every input run (a cycle makes a yes wrong; every run ending makes a no wrong)."""
    program = generate_term(seed, language)
    case = Case(seed, language, "terminates", program.text)
    case.truth = oracle_term.run(program)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        path = Path(tmp, "fuzz." + language)
        path.write_text(program.text)
        case.results = prove_paths([str(path)], program.entry, TERMINATION_CHECKS, None, timeout)
    case.wrong = termination_errors(case.results, case.truth)
    return case


def is_construct(language: str, kind: str) -> bool:
    return kind in KINDS.get(language, ())


def minimised(case: Case, timeout: float = 5.0) -> Case:
    """The case of a smaller program verify still answers wrongly, the same way (the kind of
    wrong answer and its check) as in `case`."""
    kinds = {w.split(" at line")[0].split(";")[0] for w in case.wrong}

    def still_wrong(program: Program) -> bool:
        smaller = Case(case.seed, case.language, case.kind)
        check_program(smaller, program, timeout)
        return bool(kinds & {w.split(" at line")[0].split(";")[0] for w in smaller.wrong})

    best = Case(case.seed, case.language, case.kind)
    check_program(best, minimise(generate(case.seed, case.language, case.kind), still_wrong), timeout)
    return best


def check_program(case: Case, program: Program, timeout: float) -> None:
    """Fill `case` in for `program` (also used by the minimiser)."""
    case.text = c_text(program) if case.language == "c" else py_text(program)
    case.truth = (oracle_c if case.language == "c" else oracle_py).run(program)
    case.results = verify(case.text, case.language, case.kind, timeout)
    case.wrong = (termination_errors if case.kind == "termination" else safety_errors)(case.results, case.truth)


def verify(text: str, language: str, kind: str, timeout: float) -> list[Result]:
    checks = TERMINATION_CHECKS if kind == "termination" else SAFETY_CHECKS
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        path = Path(tmp, "fuzz." + language)
        path.write_text(text)
        return prove_paths([str(path)], "main" if language == "c" else "f", checks, None, timeout)


def safety_errors(results: list[Result], truth: Truth, checked: tuple[str, ...] = SAFETY_CHECKS) -> list[str]:
    """Each (check, line) that some input fails first though verify says yes to every check of
    that kind on the line, and each no at a line where no input fails (a line may hold several
    operations; which of them fails first on an input is gcc's order to choose), and each
    failure of a `checked` kind at a line where verify has no such check while every check of
    that kind is yes."""
    failures = truth.failures()
    verdicts: dict[tuple[str, int], set[Verdict]] = {}
    for r in results:
        verdicts.setdefault((r.check, r.location.line), set()).add(r.verdict)
    wrong = []
    for key, seen in sorted(verdicts.items()):
        if seen == {Verdict.YES} and key in failures:
            wrong.append(f"wrong yes: {key[0]} at line {key[1]}; fails on {failures[key].inputs}: "
                         f"{failures[key].detail}")
        if Verdict.NO in seen and truth.complete() and key[1] not in truth.failing_lines():
            wrong.append(f"wrong no: {key[0]} at line {key[1]}; no input fails there")
    for key, run in sorted(failures.items()):
        overall = {v for (check, _), seen in verdicts.items() if check == key[0] for v in seen}
        if key not in verdicts and key[0] in checked and overall <= {Verdict.YES}:
            # no check looks at the failing operation, and the program's answer for its kind is yes
            wrong.append(f"wrong yes (no check): {key[0]} at line {key[1]}; fails on {run.inputs}: {run.detail}")
    return wrong


def termination_errors(results: list[Result], truth: Truth) -> list[str]:
    """A yes where some input repeats a state, a no where every input stops."""
    wrong = []
    forever = truth.runs_forever()
    for r in results:
        if r.verdict is Verdict.YES and forever is not None:
            wrong.append(f"wrong yes: termination; {forever.inputs} runs forever ({forever.detail})")
        if r.verdict is Verdict.NO and truth.complete() and forever is None:
            wrong.append("wrong no: termination; every input stops")
    return wrong
