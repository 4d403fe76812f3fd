"""Differential fuzzing of `verify prove` and `verify terminates` (bench/fuzz/): random small
C programs and Python functions, ground truth by running every input of their small domains
(gcc -fsanitize=undefined, CPython), and a table of verify's verdicts against it.

    python bench/bench_fuzz.py --cases 50 [--seed 0] [--language c,py] [--kind safety,termination]
        [--timeout 5] [--out DIR] [--minimise]
    python bench/bench_fuzz.py --language c --kind lists
    python bench/bench_fuzz.py --language c --kind memory,memcalls,arrays   # C arrays, pointers, heap, helpers
    python bench/bench_fuzz.py --language c --kind integers,control   # conversions/shifts/div; switch, goto, recursion
    python bench/bench_fuzz.py --language py --kind sorting,dicts,nondet,pyops
    python bench/bench_fuzz.py --language c,py --kind equiv   # `verify equiv` of recursion vs loop
    python bench/bench_fuzz.py --language c,py --kind equivmut   # a function against its one-change mutant
    python bench/bench_fuzz.py --language c --kind cmem,exactints   # strings, structs, heap, lifetimes; exact ints
    python bench/bench_fuzz.py --language c --kind cstd   # memset/memcpy/memmove, struct copies, 2-D arrays
    python bench/bench_fuzz.py --language c --kind loops   # loops to a bound of hundreds: invariants needed
    python bench/bench_fuzz.py --language py --kind pymodule   # globals, classes, recursion, builtins
    python bench/bench_fuzz.py --language py --kind pydata   # tuples, dicts, nested lists, unbound names
    python bench/bench_fuzz.py --language py --kind pycalls,loops   # keywords, defaults, print; loop invariants
    python bench/bench_fuzz.py --language c,py --kind equivdata   # changed arguments, returned lists, globals
    python bench/bench_fuzz.py --language c,py --kind terminates   # lexicographic, multiphase, wrap, bits, recursion
    python bench/bench_fuzz.py --language policy --kind policies   # IAM no-new-access/equiv vs the evaluator
    python bench/bench_fuzz.py --language policy --kind templates   # Fn::If/NoValue/ForEach vs deployments

The construct kinds (bench/fuzz/constructs.py: C linked lists, Python sorted/sort with key=,
dict comprehensions, parameterless mains drawing randint/randrange/choice/input values) are source templates
run under gcc -fsanitize=address,undefined or CPython on every case; a kind that does not
belong to a language is skipped, and --minimise does not shrink them.

Every contradicted verdict (a wrong yes or a wrong no) is printed with its program, and
written to DIR if given. Exit status 1 if any was found."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.fuzz.compare import (is_construct, minimised, run_case, run_construct_case,  # noqa: E402
                                run_equiv_case, run_equivdata_case, run_equivmut_case,
                                run_term_case)
from bench.fuzz.constructs import KINDS  # noqa: E402
from bench.fuzz.policies import run_policy_case, universe  # noqa: E402
from bench.fuzz.templates_cfn import run_template_case  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50, help="cases per language and kind")
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--language", default="c,py")
    parser.add_argument("--kind", default="safety,termination")
    parser.add_argument("--timeout", type=float, default=5.0, help="verify's seconds per check")
    parser.add_argument("--out", type=Path, help="folder for the programs verify answered wrongly")
    parser.add_argument("--minimise", action="store_true", help="also shrink each wrongly answered program")
    args = parser.parse_args()
    rows, found = [], 0
    reasons: Counter[str] = Counter()
    for language in args.language.split(","):
        for kind in args.kind.split(","):
            construct = is_construct(language, kind)
            if kind in ("equivmut", "equivdata", "terminates") and language not in ("c", "py"):
                continue
            if not construct and any(kind in kinds for kinds in KINDS.values()):
                continue  # a construct kind of the other language
            if (kind in ("policies", "templates")) != (language == "policy"):
                continue  # policies and templates are the kinds of the "policy" language
            requests = universe() if kind == "policies" else []
            verdicts: Counter[str] = Counter()
            wrong = runs = 0
            start = time.monotonic()
            for seed in range(args.seed, args.seed + args.cases):
                if kind == "policies":
                    case = run_policy_case(seed, args.timeout, requests)
                elif kind == "templates":
                    case = run_template_case(seed, args.timeout)
                elif kind == "equiv":
                    case = run_equiv_case(seed, language, args.timeout)
                elif kind == "equivmut":
                    case = run_equivmut_case(seed, language, args.timeout)
                elif kind == "equivdata":
                    case = run_equivdata_case(seed, language, args.timeout)
                elif kind == "terminates":
                    case = run_term_case(seed, language, args.timeout)
                else:
                    case = (run_construct_case if construct else run_case)(seed, language, kind, args.timeout)
                verdicts.update(r.verdict.value for r in case.results)
                reasons.update(" ".join(r.reason.split()[:6]) for r in case.results if r.verdict.value == "unknown")
                runs += len(case.truth.runs)
                if case.wrong:
                    wrong += 1
                    print(f"--- {language} {kind} seed {seed}: " + "; ".join(case.wrong), flush=True)
                    print(case.text, flush=True)
                    if args.minimise and not construct:
                        small = minimised(case, args.timeout)
                        print("minimised: " + "; ".join(small.wrong) + "\n" + small.text, flush=True)
                    if args.out:
                        args.out.mkdir(parents=True, exist_ok=True)
                        (args.out / f"{kind}_{seed}.{language}").write_text(case.text)
            found += wrong
            rows.append((language, kind, args.cases, runs, verdicts["yes"], verdicts["no"], verdicts["unknown"],
                         wrong, time.monotonic() - start))
    print(f"{'language':8} {'kind':11} {'cases':>5} {'runs':>7} {'yes':>5} {'no':>5} {'unknown':>7} "
          f"{'wrong':>5} {'time s':>7}")
    for language, kind, cases, runs, yes, no, unknown, wrong, seconds in rows:
        print(f"{language:8} {kind:11} {cases:5} {runs:7} {yes:5} {no:5} {unknown:7} {wrong:5} {seconds:7.1f}")
    print("\nmost frequent unknown reasons (first words):")
    for reason, count in reasons.most_common(6):
        print(f"{count:7}  {reason}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
