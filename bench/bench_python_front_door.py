"""Python translations of competition tasks (bench/front_door/py/): verify's answer per
file and command against the expected answer in each file's first line.

    python bench/bench_python_front_door.py [--timeout 6] [FILE ...]

A file's first line records its true answers (``# expect: prove=no terminates=yes``;
``yes/unknown`` marks a proof the engines may miss, never a no). The table shows each
answer and a summary: right (the expected answer), unknown, and wrong (a yes where no is
expected or the reverse). Exit status 1 if any answer is wrong."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from verifier.config import DEFAULT_CHECKS, parse_checks  # noqa: E402
from verifier.errors import InputError  # noqa: E402
from verifier.proving import prove_paths  # noqa: E402
from verifier.result import Verdict  # noqa: E402

FOLDER = Path(__file__).resolve().parent / "front_door" / "py"
#: `verify prove`'s default checks, and `verify terminates`
CHECKS = {"prove": DEFAULT_CHECKS, "terminates": parse_checks("termination")}


def expectations(path: Path) -> dict[str, list[str]]:
    """The accepted answers by command, from the file's ``# expect:`` line (the first is the truth)."""
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), path
    return {cmd: answers.split("/") for cmd, answers in (item.split("=") for item in first[10:].split())}


def answer(path: Path, command: str, timeout: float) -> tuple[str, str]:
    """verify's overall answer for `command` on `path`, and the reason of the first unknown."""
    try:
        results = prove_paths([str(path)], None, CHECKS[command], None, timeout)
    except InputError as error:
        return "error", str(error)
    verdicts = {r.verdict for r in results}
    if Verdict.NO in verdicts:
        confirmed = all(r.counterexample is not None and r.counterexample.confirmed
                        for r in results if r.verdict == Verdict.NO)
        return ("no" if confirmed else "no-unconfirmed"), ""
    reasons = [r.reason for r in results if r.verdict == Verdict.UNKNOWN]
    return ("unknown", reasons[0]) if reasons else ("yes", "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=6.0, help="seconds per function and check")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or sorted(FOLDER.glob("*.py"))
    tally: Counter[str] = Counter()
    for path in files:
        for command, accepted in expectations(path).items():
            start = time.monotonic()
            got, reason = answer(path, command, args.timeout)
            truth = accepted[0]
            kind = "right" if got == truth else "unknown" if got == "unknown" else "wrong"
            tally[kind] += 1
            print(f"{path.name:34} {command:10} expect {truth:4} got {got:8} {time.monotonic() - start:5.1f}s"
                  f"  {reason[:110]}")
    print(f"\n{sum(tally.values())} answers: {tally['right']} right, {tally['unknown']} unknown, "
          f"{tally['wrong']} wrong")
    return 1 if tally["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
