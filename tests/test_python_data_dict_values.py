"""Dicts whose values are strings or lists (``dict[str, str]``, ``dict[str, list[int]]``): the lowering
agrees with CPython, replay builds the dicts for real, and verdicts hold against CPython.

The differential test runs every function of `tests/programs/py_data/dict_values.py` under CPython
and through the lowered IR (`verifier.interpret.run_cfa`) on Hypothesis-generated inputs and demands
the same outcome (the same int returned, or the same exception kind at the same line). The CPython
arguments are rebuilt from the IR's flat encoding by the replay's own `python_arguments`.
"""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.arrays import ArrayValue
from verifier.cfa import build_cfa
from verifier.crosscheck.replay_py import python_arguments
from verifier.frontends.python import load_python, parse_python
from verifier.result import Verdict

from .helpers import only, prove_source
from .python_runs import cpython_outcome, ir_outcome, loaded, with_lengths

PROGRAM = Path(__file__).parent / "programs" / "py_data" / "dict_values.py"
_letters = st.sampled_from("ab")
_small = st.integers(-3, 5)
_texts = st.text(_letters, max_size=2)


def _nested(name: str, items: list[list[int]], junk: list[int]) -> dict[str, object]:
    """A nested list as the IR holds it: start and stop positions into a flat list, with a
    junk element before each item (nothing makes the items contiguous)."""
    flat: list[int] = []
    starts, stops = [], []
    for k, item in enumerate(items):
        flat += junk[k % len(junk):k % len(junk) + 1] if junk else []
        starts.append(len(flat))
        flat += item
        stops.append(len(flat))
    return {name: starts, f"{name}.stop": stops, f"{name}.flat": flat}


def _codes(text: str) -> list[int]:
    return [ord(c) for c in text]


def _draw(data, name: str, hint) -> dict[str, object]:
    """IR parameter values for Python parameter `name` annotated `hint`."""
    junk = data.draw(st.lists(_small, max_size=2), label="junk")
    if hint is int:
        return {name: data.draw(_small, label=name)}
    if hint is str:
        return {name: _codes(data.draw(_texts, label=name))}
    if hint == list[int]:
        return {name: data.draw(st.lists(_small, max_size=4), label=name)}
    if hint == list[str]:
        return _nested(name, [_codes(w) for w in data.draw(st.lists(_texts, max_size=4), label=name)], junk)
    key_type, value_type = typing.get_args(hint)
    keys = st.integers(-1, 2) if key_type is int else _texts
    values = _texts if value_type is str else _small if value_type is int else st.lists(_small, max_size=3)
    pairs = data.draw(st.dictionaries(keys, values, max_size=3), label=name)
    if value_type is int:
        return {f"{name}.values": list(pairs.values()), **_nested(f"{name}.keys", [_codes(k) for k in pairs], junk)}
    parts = _nested(f"{name}.values", [_codes(v) if value_type is str else v for v in pairs.values()], junk)
    if key_type is int:
        return {**parts, f"{name}.keys": list(pairs)}
    return {**parts, **_nested(f"{name}.keys", [_codes(k) for k in pairs], junk[::-1])}


def _text(codes) -> str:
    return "".join(map(chr, codes))


def _cpython(func, params: dict, types: dict) -> tuple:
    args = python_arguments({n: ArrayValue.of_list(v) if isinstance(v, list) else v
                             for n, v in with_lengths(params).items()}, types)
    for name, hint in typing.get_type_hints(func).items():
        if hint is str:
            args[name] = _text(args[name])  # as the replay worker does
        elif hint == list[str]:
            args[name] = [_text(w) for w in args[name]]
        elif typing.get_origin(hint) is dict:
            key_type, value_type = typing.get_args(hint)
            args[name] = {_text(k) if key_type is str else k: _text(v) if value_type is str else v
                          for k, v in args[name].items()}
    kind, value = cpython_outcome(func, args)
    return (kind, int(value)) if kind == "return" else (kind, value)


_NAMES = sorted(load_python(PROGRAM).functions)


@pytest.mark.parametrize("name", _NAMES)
@settings(max_examples=30, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_lowered_dict_values_behave_like_cpython(name, data):
    program, module, cfas = loaded(PROGRAM)
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


def test_a_dict_of_strings_is_two_nested_lists():
    fn = parse_python("def f(d: dict[str, str]) -> int:\n    return len(d)\n", "t.py").functions["f"]
    assert [p.name for p in fn.params] == [
        "d.keys", "d.keys#len", "d.keys.stop", "d.keys.flat", "d.keys.flat#len",
        "d.values", "d.values#len", "d.values.stop", "d.values.flat", "d.values.flat#len"]


@pytest.mark.parametrize("body, message", [
    ("    return d['a'] - 1\n", "a string or list used where a number is expected"),
    ("    d['a'] = 3\n    return 0\n", "a value other than a str stored into a dict[str, str]"),
    ("    v = d.get('a')\n    w = v + 'x'\n    return 0\n", "'v' holds a str | None"),
    ("    return len(d.get('a'))\n", "len() of a value that may be None"),
    ("    d['a'] *= 2\n    return 0\n", "'*=' on a value of a dict of strings or lists"),
    ("    d.setdefault('a')\n    return 0\n", "d.setdefault() with these arguments"),
    ("    return 1 - d.pop('a')\n", "a string or list used where a number is expected"),
    ("    for k in d:\n        d[k] = k\n    return 0\n", "a loop over dict 'd' that changes it"),
])
def test_other_uses_of_a_dict_of_strings_are_unsupported(body, message):
    fn = parse_python("def f(d: dict[str, str]) -> int:\n" + body, "t.py").functions["f"]
    assert fn.unsupported and message in fn.unsupported


@pytest.mark.parametrize("body", [
    "    v = d.get('a')\n    return len(v)\n",
    "    v = d.get('a')\n    if v is None:\n        v = d.get('b')\n    return len(v)\n",
    "    v = d.get('a')\n    if v is None:\n        k = 1\n    return len(v)\n",
])
def test_a_value_that_may_be_none_used_as_a_string_is_a_type_error_where_the_key_is_missing(tmp_path, body):
    path = tmp_path / "t.py"
    path.write_text("def f(d: dict[str, str]) -> int:\n" + body)
    program = load_python(path)
    assert not program.functions["f"].unsupported
    empty = {f"d.{part}{end}": [] for part in ("keys", "values") for end in ("", ".stop", ".flat")}
    assert ir_outcome(build_cfa(program, "f"), empty) == ("type", body.count("\n") + 1)


@pytest.mark.parametrize("source, message", [
    ("def f(d: dict[str, list[int]]) -> int:\n    row = d['a']\n    row.append(1)\n    return len(d['a'])\n",
     "'row' and 'd' share a list that is changed in place"),
    ("def f(d: dict[str, list[int]]) -> int:\n    for k, v in d.items():\n        v.append(1)\n    return 0\n",
     "'v' and 'd' share a list"),
    ("def f(d: dict[str, list[int]]) -> int:\n    xs = [1]\n    d['a'] = xs\n    xs.append(1)\n    return 0\n",
     "'xs' and 'd' share a list"),
    ("def f(xss: list[list[int]]) -> int:\n    for row in xss:\n        row.append(1)\n    return len(xss[0])\n",
     "'row' and 'xss' share a list"),
    ("def f(d: dict[str, list[int]]) -> int:\n    d['a'].append(1)\n    return len(d['b'])\n",
     "'d' is a parameter, whose lists a caller may share"),
    ("def f(d: dict[str, list[int]]) -> int:\n    d['a'] += [1]\n    return len(d['b'])\n",
     "'d' is a parameter, whose lists a caller may share"),
    ("def f(xs: list[int]) -> int:\n    g: dict[str, list[int]] = {}\n    g.setdefault('a', xs).append(1)\n"
     "    return len(xs)\n", "'g' is given a list that is not a fresh display"),
    ("def f(xs: list[int]) -> int:\n    g: dict[str, list[int]] = {}\n    row = g.setdefault('a', [])\n"
     "    row.append(1)\n    return len(g['a'])\n", "'row' and 'g' share a list"),
    ("def f(d: dict[str, list[int]], xs: list[int]) -> int:\n    v = d.get('a', xs)\n    xs.append(1)\n"
     "    return len(v)\n", "'xs' and 'd' share a list"),
    ("def f(xs: list[int]) -> int:\n    g: dict[str, list[int]] = {}\n    g['a'] = []\n    row = g['a']\n"
     "    g['a'].append(1)\n    return len(row)\n", "'row' and 'g' share a list"),
    ("def f(xs: list[int]) -> int:\n    g: dict[str, list[int]] = {}\n    g['a'] = xs\n    g['a'].append(1)\n"
     "    return len(xs)\n", "'g' is given a list that is not a fresh display"),
], ids=["item-named", "item-walked", "name-stored", "nested-walked", "parameter", "extended-parameter",
        "setdefault-name", "setdefault-bound", "default-changed", "stale-name", "stored-name"])
def test_a_list_shared_by_a_name_and_a_container_that_changes_in_place_is_unsupported(source, message):
    fn = parse_python(source, "t.py").functions["f"]
    assert fn.unsupported and message in fn.unsupported


# ------------------------------------------------------------------ verdicts and replay


LOOKUP = """
def lookup(d: dict[str, str], k: str) -> str:
    if k in d:
        return d[k]
    return d.get(k + "x", "none")[1:] + d[k + "y"]
"""

GROUPS = """
def group_first(words: list[str]) -> int:
    g: dict[str, list[int]] = {}
    for i in range(len(words)):
        w = words[i]
        if w in g:
            g[w].append(i)
        else:
            g[w] = [i]
    return len(g)


def first_letters(d: dict[str, str]) -> int:
    n = 0
    for k, v in d.items():
        if len(v) > 0:
            n += ord(v[0])
    return n
"""

TRANSLATE = """
def translate(d: dict[str, str], w: str) -> int:
    out = d.get(w, w)
    return ord(out[0])
"""


def test_a_missing_key_of_a_dict_of_strings_is_a_replayed_no_with_a_real_dict(tmp_path):
    r = only(prove_source(tmp_path, LOOKUP, suffix=".py", check="key", timeout=20), "key", 4)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    assert "KeyError" in r.counterexample.replay
    d, k = ast.literal_eval(r.counterexample.arguments["d"]), ast.literal_eval(r.counterexample.arguments["k"])
    assert isinstance(d, dict) and all(isinstance(v, str) for v in d.values())
    assert k + "y" not in d and k not in d


def test_a_grouping_and_a_walk_over_string_values_are_proved_free_of_index_and_key_errors(tmp_path):
    results = prove_source(tmp_path, GROUPS, suffix=".py", check="bounds,key", timeout=30)
    assert {(r.check, r.location.line) for r in results} == {("bounds", 4), ("bounds", 16)}
    assert all(r.verdict == Verdict.YES for r in results), [(r.location.line, r.reason) for r in results]


def test_an_empty_translation_is_an_index_error_replayed_with_string_values(tmp_path):
    r = only(prove_source(tmp_path, TRANSLATE, suffix=".py", check="bounds", timeout=20), "bounds", 3)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, r.reason
    d, w = ast.literal_eval(r.counterexample.arguments["d"]), ast.literal_eval(r.counterexample.arguments["w"])
    assert d.get(w, w) == ""
