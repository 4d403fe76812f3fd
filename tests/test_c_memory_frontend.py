"""C arrays in the frontend: declarations, initialisers, element reads and
writes as checked `Select`/`Store`, sizeof, strings, the length convention of
array and pointer parameters, and what stays unsupported (named, with its line)."""

from __future__ import annotations

import pytest

from verifier import ir
from verifier.frontends.c import parse_c
from verifier.ir import (BOOL, I8, I32, I64, MATH_INT, ArrayType, Assign, Assume, Const, Nondet, Return,
                         Select, Store, Var)


def lower(src: str, semantics: str = "bv", data_model: str = "LP64") -> ir.Program:
    return parse_c(src, "t.c", semantics, data_model)


def fn(src: str, name: str = "f", semantics: str = "bv", data_model: str = "LP64") -> ir.Function:
    f = lower(src, semantics, data_model).function(name)
    assert not f.unsupported, f.unsupported
    return f


def stores(body: list, name: str) -> list[Store]:
    return [s.value for s in body if isinstance(s, Assign) and s.target == name and isinstance(s.value, Store)]


def returned(f: ir.Function) -> ir.Expr:
    (ret,) = [s for s in f.body if isinstance(s, Return)]
    return ret.value


def constant(e: ir.Expr) -> int:
    from verifier.frontends.c_types import fold

    value = fold(e)
    assert value is not None, e
    return value


# ------------------------------------------------------------- declarations


def test_a_partial_initialiser_zero_fills_the_rest_one_store_per_element():
    f = fn("int f(void) { int a[4] = {7, 8}; return a[3]; }")
    assert f.locals["a"] == ArrayType(I32, 4, I64)
    got = stores(f.body, "a")
    assert [(constant(s.index), constant(s.value)) for s in got] == [(0, 7), (1, 8), (2, 0), (3, 0)]
    assert all(s.length is None for s in got)  # constant indexes inside the array: nothing to check


def test_an_uninitialised_local_array_is_nondeterministic():
    f = fn("int f(void) { int a[5]; return a[0]; }")
    (init,) = [s for s in f.body if isinstance(s, Assign) and s.target == "a"]
    assert init.value == Nondet(ArrayType(I32, 5, I64), "", init.loc)


def test_the_size_of_an_unsized_array_comes_from_its_initialiser():
    f = fn("int f(void) { int a[] = {1, 2, 3}; int m[][2] = {{1, 2}, {3}}; return 0; }")
    assert f.locals["a"].size == 3 and f.locals["m"].size == 4
    assert [constant(s.value) for s in stores(f.body, "m")] == [1, 2, 3, 0]


def test_a_read_is_a_select_checked_against_the_fixed_size():
    e = returned(fn("int f(int i) { int a[3] = {0}; return a[i]; }"))
    assert isinstance(e, Select) and e.check == "bounds" and e.type == I32
    assert e.length == Const(3, I64, e.length.loc) and e.index.type == I64


def test_a_write_is_a_checked_store_of_the_converted_value():
    f = fn("int f(int i, long v) { char a[2] = {0}; a[i] = v; return 0; }")
    (s,) = [s for s in stores(f.body, "a") if s.length is not None]
    assert s.type == ArrayType(I8, 2, I64) and s.value.type == I8 and s.check == "bounds"


@pytest.mark.parametrize("i, j, flat", [(0, 0, 0), (1, 2, 5), (0, 3, -1), (2, 0, -1), (-1, 2, -1)])
def test_a_two_dimensional_index_is_flat_row_major_with_each_dimension_checked(i, j, flat):
    e = returned(fn(f"int f(void) {{ int m[2][3] = {{0}}; return m[{i}][{j}]; }}"))
    assert isinstance(e, Select) and constant(e.index) == flat and constant(e.length) == 6


def test_a_nondet_value_stored_in_an_element_goes_through_a_temporary():
    f = fn("int f(void) { int a[3]; for (int i = 0; i < 3; i++) a[i] = __VERIFIER_nondet_int(); return a[0]; }")
    loop = next(s for s in f.body if isinstance(s, ir.While))
    assign_tmp, store = loop.body
    assert isinstance(assign_tmp.value, Nondet) and assign_tmp.value.name == "__VERIFIER_nondet_int"
    assert isinstance(store.value, Store) and store.value.value == Var(assign_tmp.target, I32, store.value.value.loc)


def test_increments_and_compound_assignments_of_elements():
    f = fn("int f(int i) { int a[2] = {5, 6}; a[i]++; a[1] += 3; return a[0]; }")
    checked = [s for s in stores(f.body, "a") if s.length is not None]
    assert len(checked) == 2


def test_a_string_literal_initialises_a_char_array_with_its_terminating_zero():
    f = fn('int f(void) { char s[] = "hi\\n"; char t[6] = "ab"; return sizeof s + sizeof t; }')
    assert [constant(s.value) for s in stores(f.body, "s")] == [104, 105, 10, 0]
    assert [constant(s.value) for s in stores(f.body, "t")] == [97, 98, 0, 0, 0, 0]
    assert constant(returned(f)) == 10


def test_index_type_is_the_mathematical_integer_under_math_semantics():
    f = fn("int f(int i) { int a[3] = {0}; return a[i]; }", semantics="math")
    assert f.locals["a"] == ArrayType(MATH_INT, 3, MATH_INT) and returned(f).index.type == MATH_INT


# -------------------------------------------------------------------- sizeof


@pytest.mark.parametrize("expr, lp64, ilp32", [
    ("sizeof a", 40, 40), ("sizeof a[0]", 4, 4), ("sizeof m", 24, 24), ("sizeof m[1]", 8, 8),
    ("sizeof(int[4])", 16, 16), ("sizeof(char *)", 8, 4), ("sizeof(long[2][3])", 48, 24),
    ("sizeof(int *[3])", 24, 12), ('sizeof "abc"', 4, 4), ("sizeof p", 8, 4), ("sizeof(a) / sizeof(a[0])", 10, 10),
])
def test_sizeof_of_arrays_pointers_and_strings_follows_the_data_model(expr, lp64, ilp32):
    src = f"unsigned long f(int *p) {{ int a[10]; short m[3][4]; return {expr}; }}"
    assert constant(returned(fn(src))) == lp64
    assert constant(returned(fn(src, data_model="ILP32"))) == ilp32


# --------------------------------------------------------------- parameters


def test_a_pointer_parameter_is_an_array_whose_length_is_the_next_integer_parameter():
    f = fn("int f(int *a, int n, int k) { return a[k]; }")
    assert [(p.name, p.type) for p in f.params] == [
        ("a", ArrayType(I32, None, I64)), ("a#len", I64), ("n", I32), ("k", I32)]
    assume = f.body[0]
    assert isinstance(assume, Assume)
    e = returned(f)
    assert e.length == Var("a#len", I64, e.length.loc)


def test_the_length_convention_holds_exactly_the_documented_inputs():
    f = fn("int f(int a[], unsigned n) { return 0; }")
    cond = f.body[0].cond
    assert _holds(cond, {"a#len": 3, "n": 3}) and _holds(cond, {"a#len": 0, "n": 0})
    assert not _holds(cond, {"a#len": 4, "n": 3})


def test_without_a_length_parameter_the_length_is_any_value_at_least_zero():
    f = fn("int f(int *a) { return a[0]; }")
    cond = f.body[0].cond
    assert _holds(cond, {"a#len": 0}) and _holds(cond, {"a#len": 9}) and not _holds(cond, {"a#len": -1})


def test_a_two_dimensional_parameter_has_rows_of_the_declared_width():
    f = fn("int f(int m[][3], int rows) { return m[1][2]; }")
    cond = f.body[0].cond
    assert _holds(cond, {"m#len": 6, "rows": 2}) and not _holds(cond, {"m#len": 2, "rows": 2})
    assert constant(returned(f).index) == 5


def test_star_p_and_star_p_plus_i_are_elements_of_a_pointer_parameter():
    f = fn("int f(int *p, int n, int i) { *p = 1; *(p + i) += 2; return *(i + p); }")
    checked = [s for s in stores(f.body, "p") if s.length is not None]
    assert len(checked) == 2 and constant(checked[0].index) == 0
    assert isinstance(returned(f), Select)


def _holds(cond: ir.Expr, values: dict[str, int]) -> bool:
    from verifier.interpret import Evaluator

    return bool(Evaluator(dict(values), {}).eval(cond))


# ------------------------------------------------------------------ globals


def test_a_global_array_is_initialised_in_each_function_that_reads_it():
    prog = lower("int primes[4] = {2, 3, 5};\nint f(int i) { return primes[i]; }\nint g(void) { return primes[3]; }")
    for name in ("f", "g"):
        body = prog.function(name).body
        zeros = [s.value for s in body if isinstance(s, Assign) and s.target == "primes"][0]
        assert isinstance(zeros, ir.Const) and zeros.value == 0  # the array of zeros, then the nonzero elements
        assert [(constant(s.index), constant(s.value)) for s in stores(body, "primes")] == [(0, 2), (1, 3), (2, 5)]


def test_a_global_array_written_by_one_uncalled_function_is_its_local():
    prog = lower("int seen[3];\nint main(void) { seen[1] = 4; return seen[0]; }")
    f = prog.function("main")
    assert not f.unsupported and f.locals["seen"] == ArrayType(I32, 3, I64)
    assert [s.value for s in f.body if isinstance(s, Assign) and s.target == "seen"][0] == ir.Const(
        0, ArrayType(I32, 3, I64), f.locals and f.body[0].loc)


def test_a_global_array_written_in_one_function_and_read_in_another_is_unsupported():
    prog = lower("int t[2];\nvoid set(void) { t[0] = 1; }\nint get(void) {\n  return t[0];\n}")
    assert "global variable 't' is assigned in 'set'" in prog.function("get").unsupported


# ------------------------------------------------------------ unsupported


@pytest.mark.parametrize("body, words, line", [
    ("int n = x;\n  int a[n][2];\n  return 0;", "variable-length array 'a'", 2),
    ("int a[3];\n  int **p = 0;\n  return 0;", "pointer variable 'p'", 2),
    ("int m[2][2];\n  return g(m[1]);", "argument 'm[1]' of 'g'", 2),
    ("int *q[3];\n  return 0;", "pointer or array of pointers variable 'q'", 1),
    ("int a[3];\n  return a;", "array 'a' used as a value", 2),
    ("int m[2][2];\n  return m[1] == 0;", "sub-array 'm[1]' used as a value", 2),
    ("int a[3] = {0};\n  a[x] = a[0]++;\n  return 0;", "'a' is modified and accessed again", 2),
])
def test_constructs_outside_the_subset_are_named_with_their_line(body, words, line):
    prog = lower(f"int g(int *p) {{ return 0; }}\nint f(int x) {{\n  {body}\n}}\nint h(int x) {{ return x; }}")
    f = prog.function("f")
    assert words in f.unsupported and f.unsupported.startswith("unsupported construct: ")
    assert f.unsupported_loc.line == line + 2
    assert not prog.function("h").unsupported


def test_pointer_arithmetic_on_a_parameter_is_unsupported():
    f = lower("int f(int *p) { p++; return 0; }").function("f")
    assert "pointer arithmetic on 'p'" in f.unsupported


def test_an_initialised_array_too_big_to_initialise_element_by_element_is_unsupported():
    f = lower("int f(void) { int a[100000] = {1}; return a[0]; }").function("f")
    assert "initialised array 'a' of 100000 elements" in f.unsupported


def test_an_uninitialised_big_local_array_is_fine():
    f = fn("int f(void) { int a[100000]; return a[99999]; }")
    assert f.locals["a"].size == 100000


@pytest.mark.parametrize("src, words", [
    ("int f(int x) { return x[0]; }", "subscripted value 'x' is neither array nor pointer"),
    ("int f(void) { int a[2]; a = 0; return 0; }", "assignment to array 'a'"),
    ('int f(void) { char s[2] = "abc"; return 0; }', "initialiser-string for array is too long"),
    ("int f(void) { int a[0]; return 0; }", "size of array 'a' is not positive"),
])
def test_array_errors_are_input_errors(src, words):
    from verifier.errors import InputError

    with pytest.raises(InputError) as err:
        f = lower(src).function("f")
        if f.unsupported:
            raise AssertionError(f.unsupported)
    assert words in err.value.message


def test_bool_results_of_comparisons_index_arrays():
    e = returned(fn("int f(int x) { int a[2] = {4, 5}; return a[x > 0]; }"))
    assert isinstance(e, Select) and e.index.type == I64 and e.index.type != BOOL
