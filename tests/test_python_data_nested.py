"""Lists of strings and of lists (``list[str]``, ``list[list[int]]``, ``str.split``), dicts with string keys,
optional locals, builtins' keyword arguments, range steps known at run time, and tuple results that may be
None: the lowering, its agreement with CPython, verdicts and replay.

Fast tier. The differential test runs every function of `tests/programs/py_data/nested.py`,
`keywords.py`, `optional_dicts.py` and `formatting.py` under CPython and through the lowered IR
(`verifier.interpret.run_cfa`) on Hypothesis-generated inputs and demands the same outcome (the same int returned, or the same exception kind at the same
line). The CPython arguments are rebuilt from the IR's flat encoding by the replay's own
`python_arguments`, so the test also checks that replay builds the values the IR meant.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier import ir
from verifier.arrays import ArrayValue
from verifier.crosscheck.replay_py import PyReplayer, python_arguments
from verifier.frontends.python import load_python, parse_python
from verifier.result import Verdict

from .helpers import only, prove_source
from .python_runs import cpython_outcome, ir_outcome, loaded, with_lengths

PROGRAMS = [Path(__file__).parent / "programs" / "py_data" / f"{name}.py" for name in ("nested", "keywords",
                                                                                       "optional_dicts", "formatting",
                                                                                       "optional_params")]


def lower(source: str, name: str = "f") -> ir.Function:
    fn = parse_python(source, "t.py").functions[name]
    assert not fn.unsupported, fn.unsupported
    return fn


_letters = st.sampled_from("ab a")
_small = st.integers(-3, 5)


def _encode(items: list[list[int]], junk: list[int]) -> tuple[list[int], list[int], list[int]]:
    """A nested list as the IR holds it: start and stop positions into a flat list, with
    `junk` elements between items (nothing makes items contiguous)."""
    flat: list[int] = []
    starts, stops = [], []
    for k, item in enumerate(items):
        flat += junk[k % len(junk):k % len(junk) + 1] if junk else []
        starts.append(len(flat))
        flat += item
        stops.append(len(flat))
    return starts, stops, flat


def _draw(data, name: str, annotation) -> dict[str, object]:
    """IR parameter values for Python parameter `name`."""
    if annotation is int:
        return {name: data.draw(_small, label=name)}
    if annotation == Optional[int]:
        value = data.draw(st.none() | _small, label=name)
        return {name: 0 if value is None else value, f"{name}.none": int(value is None)}
    if type(None) in typing.get_args(annotation):  # a string or list, or None: the flag, and junk under None
        inner = next(a for a in typing.get_args(annotation) if a is not type(None))
        return {**_draw(data, name, inner), f"{name}.none": int(data.draw(st.booleans(), label=f"{name} is None"))}
    if typing.get_origin(annotation) is dict:
        pairs = data.draw(st.dictionaries(st.text(_letters, max_size=2), _small, max_size=3), label=name)
        keys = _draw_nested([[ord(c) for c in k] for k in pairs], data, f"{name}.keys")
        return {**keys, f"{name}.values": list(pairs.values())}
    if annotation is str:
        return {name: [ord(c) for c in data.draw(st.text(_letters, max_size=6), label=name)]}
    if typing.get_args(annotation) == (str,):
        items = [[ord(c) for c in w] for w in data.draw(st.lists(st.text(_letters, max_size=3), max_size=4),
                                                          label=name)]
    else:
        items = data.draw(st.lists(st.lists(_small, max_size=3), max_size=4), label=name)
    if typing.get_origin(annotation) is list and typing.get_args(annotation) == (int,):
        return {name: [x for item in items for x in item]}
    return _draw_nested(items, data, name)


def _draw_nested(items: list[list[int]], data, name: str) -> dict[str, object]:
    starts, stops, flat = _encode(items, data.draw(st.lists(_small, max_size=2), label="junk"))
    return {name: starts, f"{name}.stop": stops, f"{name}.flat": flat}


def _cpython(func, params: dict, types: dict) -> tuple:
    args = python_arguments({n: ArrayValue.of_list(v) if isinstance(v, list) else v for n, v in
                             with_lengths(params).items()}, types)
    hints = typing.get_type_hints(func)
    for name, hint in hints.items():
        if args.get(name) is None:
            continue
        if type(None) in typing.get_args(hint):  # an optional string or list that is not None
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        if hint is str:
            args[name] = "".join(map(chr, args[name]))  # as the replay worker does
        elif typing.get_args(hint) == (str,):
            args[name] = ["".join(map(chr, w)) for w in args[name]]
        elif typing.get_args(hint) == (str, int):
            args[name] = {"".join(map(chr, k)): v for k, v in args[name].items()}
    kind, value = cpython_outcome(func, args)
    return (kind, int(value)) if kind == "return" else (kind, value)


_CASES = [(path, name) for path in PROGRAMS for name in sorted(load_python(path).functions)]


@pytest.mark.parametrize("path, name", _CASES, ids=[f"{p.stem}.{n}" for p, n in _CASES])
@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_lowered_values_behave_like_cpython(path, name, data):
    program, module, cfas = loaded(path)
    fn = program.functions[name]
    assert not fn.unsupported, fn.unsupported
    func = getattr(module, name)
    params: dict[str, object] = {}
    for pname, hint in typing.get_type_hints(func).items():
        if pname != "return":
            params.update(_draw(data, pname, hint))
    types = {p.name: p.type for p in fn.params}
    assert set(params) == {n for n in types if not n.endswith("#len")}, (set(params), set(types))
    assert ir_outcome(cfas[name], params) == _cpython(func, params, types)


# ------------------------------------------------------------------ lowering


def test_a_list_of_strings_is_start_and_stop_positions_into_a_flat_list():
    fn = lower("def f(ws: list[str], xss: list[list[bool]]) -> int:\n    return len(ws) + len(xss)\n")
    ints = ir.ArrayType(ir.MATH_INT, index=ir.MATH_INT)
    assert [(p.name, p.type) for p in fn.params] == [
        ("ws", ints), ("ws#len", ir.MATH_INT), ("ws.stop", ints), ("ws.flat", ints), ("ws.flat#len", ir.MATH_INT),
        ("xss", ints), ("xss#len", ir.MATH_INT), ("xss.stop", ints),
        ("xss.flat", ir.ArrayType(ir.BOOL, index=ir.MATH_INT)), ("xss.flat#len", ir.MATH_INT)]


def test_an_isinstance_guard_on_a_dict_parameter_is_dropped_and_a_wrong_one_kept():
    fn = lower("def f(d: dict[str, int]) -> int:\n    assert isinstance(d, dict)\n    return len(d)\n")
    assert not [s for s in fn.body if isinstance(s, ir.Assert)]
    fn = lower("def f(d: dict[str, int]) -> int:\n    assert isinstance(d, list)\n    return len(d)\n")
    assert [s.kind for s in fn.body if isinstance(s, ir.Assert)] == ["assert"]


def test_a_raise_message_built_from_strings_is_lowered_and_one_that_can_fail_is_not():
    fn = lower("def f(c: str) -> int:\n    if len(c) != 1:\n        raise ValueError('not a digit: ' + c)\n"
               "    return 0\n")
    assert [s.kind for s in fn.body if isinstance(s, ir.If) for s in s.then] == ["raise"]
    failing = parse_python("def f(c: str) -> int:\n    raise ValueError('no: ' + c[3])\n", "t.py").functions["f"]
    assert "message that calls a function or can fail" in failing.unsupported


def test_replay_arguments_rebuild_the_items_from_their_positions():
    types = {p.name: p.type for p in lower("def f(ws: list[str]) -> int:\n    return 0\n").params}
    params = {"ws": ArrayValue.of_list([3, 0, 1]), "ws#len": 2, "ws.stop": ArrayValue.of_list([5, 2, 9]),
              "ws.flat": ArrayValue.of_list([104, 105, 9, 106, 107, 1]), "ws.flat#len": 6}
    assert python_arguments(params, types) == {"ws": [[106, 107], [104, 105]]}


@pytest.mark.parametrize("source, message", [
    ("def f(ws: list[str]) -> int:\n    ws.sort()\n    return 0\n", "method 'sort' of a list of strings"),
    ("def f(ws: list[str]) -> int:\n    vs = ws[1:]\n    return len(vs)\n", "this list of strings or lists"),
    ("def f(s: str) -> int:\n    return len(s.split(maxsplit=1))\n", "str.split() other than with one string separator"),
    ("def f(ws: list[str]) -> int:\n    for w in ws:\n        ws.append(w)\n    return 0\n",
     "a loop over 'ws' that changes it"),
])
def test_other_operations_on_nested_lists_are_unsupported(source, message):
    fn = parse_python(source, "t.py").functions["f"]
    assert fn.unsupported and message in fn.unsupported


# ------------------------------------------------------------------ verdicts


INITIALS = """
def initials(name: str) -> str:
    out = ""
    for part in name.split(" "):
        out += part[0]
    return out
"""

LONGEST = """
def longest(ws: list[str]) -> int:
    best = ws[0]
    for w in ws:
        if len(w) > len(best):
            best = w
    return len(best)
"""

CHUNKS = """
def chunks(xs: list[int], size: int) -> list[list[int]]:
    assert size >= 0
    return [xs[i:i + size] for i in range(0, len(xs), size)]
"""

PAIR = """
from typing import Optional

import icontract


@icontract.ensure(lambda result, xs: result is None or result[0] < result[1])
def pair(xs: list[int]) -> Optional[tuple[int, int]]:
    i, j = 0, len(xs) - 1
    while i <= j:
        if xs[i] + xs[j] == 0:
            return (i, j)
        i += 1
    return None
"""


GET_OR_DEFAULT = """
from typing import Optional


def get_or_default(d: dict[str, int], key: str, default: Optional[int]) -> int:
    value = d.get(key)
    if value is None:
        value = default
    assert value is not None
    return value
"""

PARSE_PAIR = """
import deal


@deal.ensure(lambda line, result: result[0] + "=" + result[1] == line)
def parse_pair(line: str) -> tuple[str, str]:
    key, value = line.split("=")
    return (key, value)
"""

WRONG_PAIR = """
import deal


@deal.ensure(lambda line, result: len(result[0]) < len(line))
def first_word(line: str) -> tuple[str, int]:
    at = line.find(" ")
    if at < 0:
        return (line, 0)
    return (line[:at], 1)
"""


@pytest.mark.parametrize("source, check, line, exception", [
    (INITIALS, "bounds", 4, "IndexError"),
    (LONGEST, "bounds", 2, "IndexError"),
    (CHUNKS, "value", 3, "ValueError"),
    (PAIR, "postcondition", 6, "postcondition"),
    (GET_OR_DEFAULT, "assert", 8, "AssertionError"),
    (PARSE_PAIR, "value", 6, "ValueError"),
    (WRONG_PAIR, "postcondition", 4, "postcondition"),
], ids=["split-item", "list-of-strings", "range-step", "optional-tuple", "dict-str-keys", "unpack-split",
        "tuple-of-str-result"])
def test_bugs_on_nested_values_are_found_and_replayed(tmp_path, source, check, line, exception):
    r = only(prove_source(tmp_path, source, suffix=".py", check=check, timeout=8), check, line)
    assert r.verdict == Verdict.NO, (r.verdict, r.reason)
    assert r.counterexample is not None and r.counterexample.confirmed
    assert exception in r.counterexample.replay


def test_a_guarded_split_item_is_proved(tmp_path):
    source = ("def first(s: str) -> str:\n    for part in s.split(','):\n        if len(part) > 0:\n"
              "            return part[0]\n    return ''\n")
    r = only(prove_source(tmp_path, source, suffix=".py", check="bounds", timeout=8), "bounds", 4)
    assert r.verdict == Verdict.YES, (r.verdict, r.reason)


def test_a_suffix_test_on_a_literal_is_proved_without_a_loop(tmp_path):
    source = ('def plural(word: str) -> str:\n    """post: __return__.endswith("s")"""\n'
              '    if word.endswith("y"):\n        return word[:-1] + "ies"\n    return word + "s"\n')
    r = only(prove_source(tmp_path, source, suffix=".py", check="postcondition", timeout=8), "postcondition", 2)
    assert r.verdict == Verdict.YES, (r.verdict, r.reason)


def test_a_witness_list_of_strings_reaches_the_function_as_strings(tmp_path):
    path = tmp_path / "w.py"
    path.write_text("def f(ws: list[str]) -> int:\n    assert ws[1] != 'ab'\n    return 0\n")
    types = {p.name: p.type for p in load_python(path).functions["f"].params}
    params = {"ws": ArrayValue.of_list([0, 2]), "ws#len": 2, "ws.stop": ArrayValue.of_list([1, 4]),
              "ws.flat": ArrayValue.of_list([120, 0, 97, 98]), "ws.flat#len": 4}
    with PyReplayer(str(path), "f", types=types) as replayer:
        assert replayer.replay(params, "assert", 2).confirmed
        params["ws.stop"] = ArrayValue.of_list([1, 3])
        assert not replayer.replay(params, "assert", 2).confirmed


def test_optional_string_and_list_parameters_fail_only_where_none_reaches_a_use(tmp_path):
    """Each use of an optional parameter that None can reach is a replayed TypeError whose
    witness passes None; the guarded and narrowed uses are proved."""
    source = (Path(__file__).parent / "programs" / "py_data" / "optional_params.py").read_text()
    results = prove_source(tmp_path, source, suffix=".py", check="type,bounds", timeout=20)
    failing = {(r.target.rsplit(":", 1)[1], r.check, r.location.line) for r in results if r.verdict == Verdict.NO}
    assert failing == {("first_code", "type", 8), ("width", "type", 28), ("unguarded_item", "type", 34),
                       ("unguarded_item", "bounds", 34)}
    assert all(r.verdict == Verdict.YES for r in results if r.verdict != Verdict.NO)
    for r in results:
        if r.verdict == Verdict.NO:
            assert r.counterexample is not None and r.counterexample.confirmed, r.counterexample
            assert ("None" in r.counterexample.arguments.values()) == (r.check == "type")
