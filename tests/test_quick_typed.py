"""Typed inputs in the quick search (`verifier.typed_inputs`, `quick_search.typed_search`).

A Python function's arguments are drawn from its annotations (an empty key, two
equal strings, an empty list) and spelled as the IR's parameters; a failing run
is a no like any other engine's: the interpreter and then CPython must fail the
same check at the same line. Without --exit-first they run before the lanes
even in a function with loops, and the lanes still answer the other checks.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

from hypothesis import given, settings, strategies as st

from verifier import ir
from verifier.cfa import build_cfa
from verifier.config import DEFAULT_CHECKS
from verifier.crosscheck.py_witness import python_values
from verifier.deadline import function_deadline
from verifier.encode import encode
from verifier.frontends.python_types import DictOf, ListOf, NestedOf, OptionalOf, STR, TupleOf, ir_variables
from verifier.load import load_program
from verifier.proving import prove_function
from verifier.quick_search import TYPED_ENGINE, typed_search
from verifier.result import Verdict
from verifier.typed_inputs import TypedInputs, ir_params, source_constants, split_shape

#: an empty key makes a line that starts with "=" (the IR sampler rarely draws a well-formed dict of strings)
RENDER = '''
def render(d: dict[str, int]) -> int:
    width = 0
    for k, v in d.items():
        line = f"{k}={v}"
        assert line[0] != "="
        width = max(width, len(line))
    return width
'''

#: dropping the item itself before looking it up: needs two equal strings, one of them a key
PRICE = '''
def price(prices: dict[str, int], item: str, dropped: str) -> int:
    if item not in prices:
        return -1
    if dropped in prices:
        del prices[dropped]
    return prices[item]
'''

#: correct: the key is looked up only when present
GUARDED = '''
def lookup(d: dict[str, int], key: str) -> int:
    if key in d:
        return d[key]
    return 0
'''

#: with loops: the first typed inputs (xs = [], n = 0) divide by zero; the assertion is left to the lanes
TWO = '''
def two(xs: list[int], n: int) -> int:
    total = 0
    for x in xs:
        total += x
    q = total // len(xs)
    assert n != 7
    return q
'''

MATH_INT = ir.MATH_INT
#: annotations as the frontend spells them, with their source types and a strategy of their values
SHAPES = {
    "int": (MATH_INT, st.integers(-10**6, 10**6)),
    "bool": (ir.BOOL, st.booleans()),
    "str": (STR, st.text(max_size=4)),
    "list[int]": (ListOf(MATH_INT), st.lists(st.integers(-50, 50), max_size=4)),
    "list[bool]": (ListOf(ir.BOOL), st.lists(st.booleans(), max_size=4)),
    "tuple[int, ...]": (ListOf(MATH_INT, immutable=True), st.lists(st.integers(-5, 5), max_size=3).map(tuple)),
    "tuple[int, bool]": (TupleOf((MATH_INT, ir.BOOL)), st.tuples(st.integers(-5, 5), st.booleans())),
    "int | None": (OptionalOf(MATH_INT), st.none() | st.integers(-5, 5)),
    "list[str]": (NestedOf(STR), st.lists(st.text(max_size=3), max_size=3)),
    "list[list[int]]": (NestedOf(ListOf(MATH_INT)), st.lists(st.lists(st.integers(-5, 5), max_size=3), max_size=3)),
    "dict[str, int]": (DictOf(STR, MATH_INT), st.dictionaries(st.text(max_size=3), st.integers(-5, 5), max_size=3)),
    "dict[int, int]": (DictOf(MATH_INT, MATH_INT), st.dictionaries(st.integers(-5, 5), st.integers(-5, 5), max_size=3)),
    "dict[str, str]": (DictOf(STR, STR), st.dictionaries(st.text(max_size=2), st.text(max_size=2), max_size=3)),
    "dict[str, list[int]]": (DictOf(STR, ListOf(MATH_INT)), st.dictionaries(
        st.text(max_size=2), st.lists(st.integers(-5, 5), max_size=2), max_size=3)),
}


def _program(tmp_path: Path, source: str):
    path = tmp_path / "prog.py"
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return load_program(str(path), None, None)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(SHAPES)).flatmap(lambda shape: st.tuples(st.just(shape), SHAPES[shape][1])))
def test_a_python_value_spelled_as_ir_parameters_reads_back_as_itself(drawn):
    shape, value = drawn
    source_type, _ = SHAPES[shape]
    variables = dict(ir_variables("p", source_type))
    spelled = ir_params("p", shape, value)
    assert set(spelled) == set(variables)  # the frontend's own variables, no more, no fewer
    assert python_values(spelled, variables, {"p": shape}) == {"p": value}


def test_annotations_split_into_head_and_arguments():
    assert split_shape("dict[str, list[int]]") == ("dict", ["str", "list[int]"])
    assert split_shape("int | None") == ("optional", ["int"])
    assert split_shape("tuple[int, ...]") == ("tuple", ["int", "..."])
    assert split_shape("str") == ("str", [])


def test_the_first_candidate_is_every_parameter_at_its_smallest_value(tmp_path):
    program = _program(tmp_path, PRICE)
    cfa = build_cfa(program, "price")
    shapes = program.replay_facts["shapes"]["price"]
    values, spelled = next(TypedInputs(shapes).candidates(cfa.params))
    assert values == {"prices": {}, "item": "", "dropped": ""}
    assert python_values(spelled, {p.name: p.type for p in cfa.params}, shapes) == values


def test_typed_inputs_find_two_equal_strings_one_a_key_and_the_run_fails_on_cpython(tmp_path):
    program = _program(tmp_path, PRICE)
    cfa = build_cfa(program, "price")
    keys = {k for k in encode(cfa).checks if k[0] == "key"}
    shapes = program.replay_facts["shapes"]["price"]
    found = typed_search(cfa, keys, shapes, 1.0, time.monotonic() + 10)
    ((key, outcome),) = found.items()
    assert key[:2] == ("key", 6) and outcome.verdict == Verdict.NO and outcome.engine == TYPED_ENGINE
    args = python_values(outcome.witness.params, {p.name: p.type for p in cfa.params}, shapes)
    assert args["item"] == args["dropped"] and args["item"] in args["prices"]
    namespace: dict = {}
    exec(textwrap.dedent(PRICE), namespace)
    try:
        namespace["price"](**args)
        raise AssertionError("the witness did not fail on CPython")
    except KeyError:
        pass


def test_typed_inputs_find_nothing_on_a_guarded_lookup(tmp_path):
    program = _program(tmp_path, GUARDED)
    cfa = build_cfa(program, "lookup")
    keys = set(encode(cfa).checks)
    assert typed_search(cfa, keys, program.replay_facts["shapes"]["lookup"], 0.05, time.monotonic() + 10) == {}


def test_exit_first_reports_the_empty_key_replayed_by_cpython(tmp_path):
    program = _program(tmp_path, RENDER)
    results = prove_function(program, "render", DEFAULT_CHECKS, function_deadline(DEFAULT_CHECKS, 10),
                             exit_first=True)
    (no,) = [r for r in results if r.verdict == Verdict.NO]
    cex = no.counterexample
    assert no.check == "assert" and no.location.line == 5 and no.engine == TYPED_ENGINE
    assert cex.confirmed and cex.replay.startswith("python") and cex.arguments["d"].startswith("{'':")


def test_without_exit_first_the_typed_no_comes_before_the_lanes_which_answer_the_rest(tmp_path):
    program = _program(tmp_path, TWO)
    heard = []
    results = prove_function(program, "two", DEFAULT_CHECKS, function_deadline(DEFAULT_CHECKS, 20),
                             on_no=heard.append)
    by_check = {r.check: r for r in results}
    div, assertion = by_check["div-by-zero"], by_check["assert"]
    assert heard[0] is div and div.engine == TYPED_ENGINE and div.counterexample.inputs["xs"] == []
    assert div.counterexample.explored is not None  # explored, briefly, before the lanes started
    assert assertion.verdict == Verdict.NO and assertion.counterexample.confirmed  # a lane's: not stopped
    assert assertion.counterexample.inputs["n"] == 7 and assertion.counterexample.inputs["xs"] != []


#: the range check is off by one at the top: only the text "65536" fails
PORT = '''
def parse_port(text: str) -> int:
    port = int(text)
    if port < 0 or port > 65536:
        return -1
    assert port < 65536
    return port
'''


def test_the_numbers_written_in_the_source_are_drawn_as_text_too(tmp_path):
    program = _program(tmp_path, PORT)
    cfa = build_cfa(program, "parse_port")
    constants = source_constants(cfa.edges)
    assert 65536 in constants and max(constants) == 65537  # not the digit tables int(text) is lowered with
    keys = {k for k in encode(cfa).checks if k[0] == "assert"}
    found = typed_search(cfa, keys, program.replay_facts["shapes"]["parse_port"], 1.0, time.monotonic() + 10)
    ((key, outcome),) = found.items()
    args = python_values(outcome.witness.params, {p.name: p.type for p in cfa.params}, {"text": "str"})
    assert key[:2] == ("assert", 5) and args == {"text": "65536"}
