"""The replay worker started while the engines search: a witness is confirmed without waiting for Python to start."""

from __future__ import annotations

from verifier.crosscheck.replay import replay_and_explore, warm_replay
from verifier.crosscheck.replay_py import take_replayer
from verifier.deadline import Deadline
from verifier.frontends.python import load_python

SOURCE = """def ratio(a: int, b: int) -> int:
    return 100 * a // b


def other(a: int) -> int:
    return a
"""


def test_a_warm_worker_confirms_every_witness_of_its_function_and_is_replaced_by_the_next(tmp_path):
    path = tmp_path / "ratio.py"
    path.write_text(SOURCE)
    program = load_python(path)
    fn = program.functions["ratio"]
    warm_replay(program, fn)
    warm = take_replayer(program.path, "ratio", 2.0)
    assert warm is not None and take_replayer(program.path, "other", 2.0) is None
    for a in (3, -4):  # two witnesses, one worker: it stays up between them
        confirmed, detail, _ = replay_and_explore(program, fn, {"a": a, "b": 0}, [], "div-by-zero", 2, Deadline.after(5.0))
        assert confirmed, detail
        assert take_replayer(program.path, "ratio", 2.0) is warm and warm.running
    # a normal return is not a failure: the warm worker judges like a fresh one
    confirmed, detail, _ = replay_and_explore(program, fn, {"a": 1, "b": 3}, [], "div-by-zero", 2, Deadline.after(5.0))
    assert not confirmed and "no failure observed" in detail
    warm_replay(program, program.functions["other"])  # the next function's worker replaces it
    assert take_replayer(program.path, "ratio", 2.0) is None and not warm.running
    take_replayer(program.path, "other", 2.0).close()
