"""C programs in the style of the SV-COMP loop categories for the differential fuzzer (construct
kind "loops"): a nondet bound `n` up to a few hundred, too far for unrolling, so that a yes needs a
loop invariant. Drawn shapes: a global (zero-filled) array filled by a first loop (an arithmetic
progression, a running value, a remainder, a cast to a narrow element type) and read by a second
(`arr_init` style); a maximum, a copy (maybe reversed), a search left by `break` or a count over a
filled array; a matrix filled row by row; polynomial accumulators (`nla-digbench` style:
`x == y * y`); a `while (1)` loop left by a `break` with a congruence to keep (`x % k`); an
unsigned or narrow accumulator that wraps. Every fact is true for small `n` and true or false for
larger ones, depending on the coefficients drawn (wraps of narrow types and int overflow happen
within the bound). Every `n` of the bound and every offset `d` of a small range is run
(`oracle_text`, gcc -fsanitize=address,undefined). `py_loops` draws their Python translations
(unbounded ints; floor division and remainder on negative values)."""

from __future__ import annotations

import itertools
import random

from .constructs import C_LIST_HEADER, Construct

CHECKS = "assert,overflow,div,shift,bounds"
#: element types, with the coefficients that make them wrap (or not) within the bound
ELEMENTS = {"int": [1, 3, -2, 7, 10000000], "unsigned char": [1, 2, 3], "short": [1, 5, 300, -200],
            "unsigned int": [1, 3, 30000000], "char": [1, -1, 2], "long": [1, 5, 100000000000]}


def c_loops(rng: random.Random) -> Construct:
    """A program of the "loops" kind (module docstring)."""
    bound = rng.choice([40, 130, 300])
    shape = rng.choice([_array_init, _array_init, _running_value, _polynomial, _break_congruence, _wrapping_sum,
                        _two_counters, _array_scan, _array_scan, _matrix])
    body = shape(rng, bound)
    offsets = rng.choice([(0, 0), (-2, 2), (0, 3)])
    header = C_LIST_HEADER[:6] + [line[1:] for line in body if line.startswith("@")]  # the arrays are globals
    body = [line for line in body if not line.startswith("@")]
    main = ["int main(void) {", "  int n = __VERIFIER_nondet_int();",
            f"  __VERIFIER_assume(n >= 0 && n <= {bound});", "  int d = __VERIFIER_nondet_int();",
            f"  __VERIFIER_assume(d >= {offsets[0]} && d <= {offsets[1]});"]
    text = "\n".join(header + main + ["  " + line for line in body] + ["  return 0;", "}"]) + "\n"
    cases = list(itertools.product(range(bound + 1), range(offsets[0], offsets[1] + 1)))
    return Construct("loops", "c", text, "main", CHECKS, cases)


def _index_loop(rng: random.Random, index: str, bound: str) -> str:
    return rng.choice([f"for (int {index} = 0; {index} < {bound}; {index}++) {{",
                       f"for (int {index} = 0; {index} != {bound}; {index}++) {{"])


def _array_init(rng: random.Random, bound: int) -> list[str]:
    """a[i] = c * i + d in a first loop (or a remainder, or a cast), facts about a[j] in a second."""
    elem = rng.choice(list(ELEMENTS))
    c = rng.choice(ELEMENTS[elem])
    size = bound + rng.choice([0, 0, 1, 5])
    value = rng.choice([f"{c} * i + d", f"i % {rng.choice([2, 3, 4])}", f"d - {c} * i", f"({elem}) ({c} * i)",
                        "i * i", "i + d"])
    facts = [f"a[j] == {c} * j + d", "a[j] >= d", f"a[j] <= {c} * j + d", "a[j] >= 0", f"a[j] < {rng.choice([3, 4])}",
             f"a[j] % {rng.choice([2, 3])} == d % {rng.choice([2, 3])}", "a[j] == j * j", "a[j] <= a[j + 1]",
             "a[j] != 255", f"a[j] == ({elem}) ({c} * j)", "a[j] - d == j", f"a[j] + {c} * j == d"]
    first = [f"@{elem} a[{size}];", _index_loop(rng, "i", "n"), f"  a[i] = {value};", "}"]
    if rng.random() < 0.3:  # a middle loop that changes every element the same way
        first += [_index_loop(rng, "k", "n"), f"  a[k] = a[k] {rng.choice(['+ 1', '- d', '* 2'])};", "}"]
    check_bound = rng.choice(["n", "n", "n", "n - 1", "n + 1"])
    fact = rng.choice(facts)
    return first + [_index_loop(rng, "j", check_bound), f"  __VERIFIER_assert({fact});", "}"]


def _array_scan(rng: random.Random, bound: int) -> list[str]:
    """array-examples style: fill with a pseudo-random pattern, then a maximum, a copy (maybe
    reversed), a search left by `break`, or a count; a fact over the result and the elements."""
    k = rng.choice([7, 11, 5])
    lines = [f"@int a[{bound}];", f"@int b[{bound}];", _index_loop(rng, "i", "n"),
             f"  a[i] = (i * {rng.choice([3, 7, 13])} + d) % {k};", "}"]
    kind = rng.choice(["max", "copy", "search", "count"])
    if kind == "max":
        fact = rng.choice(["m >= a[j]", "m > a[j] || m == a[j]", f"m < {k}", "m != a[j] || j == 0"])
        lines += ["int m = a[0];", "for (int i = 1; i < n; i++) {",
                  f"  if (a[i] {rng.choice(['>', '>=', '<'])} m) m = a[i];", "}", _index_loop(rng, "j", "n"),
                  f"  __VERIFIER_assert({fact});", "}"]
    elif kind == "copy":
        source = rng.choice(["a[i]", "a[n - 1 - i]", "a[i] + 1"])
        fact = rng.choice(["b[j] == a[j]", "b[j] == a[n - 1 - j]", "b[j] >= a[j]", f"b[j] < {k}", "b[j] - a[j] == 1"])
        lines += [_index_loop(rng, "i", "n"), f"  b[i] = {source};", "}", _index_loop(rng, "j", "n"),
                  f"  __VERIFIER_assert({fact});", "}"]
    elif kind == "search":
        key = rng.choice(["d", "0", str(k - 1), str(k)])
        fact = rng.choice([f"p == -1 || a[p] == {key}", "p < n", "p != 0", "p >= 0 || n < 20", f"p == -1 || p < {k}"])
        lines += ["int p = -1;", _index_loop(rng, "i", "n"), f"  if (a[i] == {key}) {{", "    p = i;", "    break;",
                  "  }", "}", f"__VERIFIER_assert({fact});"]
    else:
        test = f"a[i] {rng.choice(['<', '==', '>='])} {k // 2}"
        lines += ["int c = 0;", _index_loop(rng, "i", "n"), f"  if ({test}) c++;",
                  "}", f"__VERIFIER_assert({rng.choice(['c <= n', 'c >= 0', 'c < n', 'c != 3', 'c * 2 <= n + 2'])});"]
    return lines


def _matrix(rng: random.Random, bound: int) -> list[str]:
    """A matrix filled row by row to a bound of n rows (the columns fixed), then read."""
    cols = rng.choice([3, 4])
    rows = max(2, bound // cols // 4)
    lines = [f"@int m[{rows}][{cols}];", f"if (n > {rows}) n = {rows};", _index_loop(rng, "i", "n"),
             f"  for (int j = 0; j < {cols}; j++) m[i][j] = {rng.choice([f'i * {cols} + j', 'i + j + d', 'i * j'])};",
             "}", _index_loop(rng, "r", "n")]
    fact = rng.choice([f"m[r][{cols - 1}] == r * {cols} + {cols - 1}", "m[r][0] >= 0", "m[r][1] >= m[r][0]",
                       f"m[r][0] < {rows * cols}", "m[r][1] != 5"])
    return lines + [f"  __VERIFIER_assert({fact});", "}"]


def _running_value(rng: random.Random, bound: int) -> list[str]:
    """A value stepped in the fill loop (v = v + step), stored, then summed or compared."""
    elem = rng.choice(["int", "int", "short", "unsigned int", "long"])
    step = rng.choice([1, 2, -3, 1000, 20000000])
    lines = [f"@{elem} a[{bound}];", f"{elem} v = d;", _index_loop(rng, "i", "n"), "  a[i] = v;", f"  v = v + {step};",
             "}"]
    if rng.random() < 0.5:
        lines += ["long s = 0;", _index_loop(rng, "j", "n"), "  s = s + a[j];", "}",
                  f"__VERIFIER_assert({rng.choice(['s >= 0', 's >= d * n', 's != 7', 'n == 0 || s >= d'])});"]
    else:
        fact = rng.choice(["a[j] == d + j * " + str(step), "a[j] >= d", f"a[j] <= d + {abs(step)} * j",
                           "j == 0 || a[j] > a[j - 1]", "j == 0 || a[j] != a[j - 1]"])
        lines += [_index_loop(rng, "j", "n"), f"  __VERIFIER_assert({fact});", "}"]
    return lines + [f"__VERIFIER_assert({rng.choice(['v == d + n * ' + str(step), 'v >= d', 'v != 0'])});"]


def _polynomial(rng: random.Random, bound: int) -> list[str]:
    """nla-digbench style: x counts squares (or cubes, or triangle numbers) of y."""
    kind = rng.choice(["square", "cube", "triangle"])
    t = rng.choice(["int", "int", "unsigned int", "long", "short"])
    if kind == "square":
        lines = [f"{t} x = 0;", f"{t} y = 0;", "while (y < n) {", "  y = y + 1;", "  x = x + 2 * y - 1;", "}"]
        facts = ["x == y * y", "x >= y", "x == y * y + d", "x <= n * n", "x % 2 == y % 2", "x != 4"]
    elif kind == "cube":
        lines = [f"{t} x = 0;", f"{t} y = 0;", f"{t} z = 1;", "while (y < n) {", "  x = x + z;",
                 "  z = z + 6 * y + 6;", "  y = y + 1;", "}"]
        facts = ["x == y * y * y", "z == 3 * y * y + 3 * y + 1", "x >= y", "x < 100000", "x + d >= 0"]
    else:
        lines = [f"{t} x = 0;", f"{t} y = 0;", "while (y < n) {", "  y = y + 1;", "  x = x + y;", "}"]
        facts = ["2 * x == y * (y + 1)", "x >= y", "x <= y * y", "x % 2 == 0", "x < 10000"]
    where = rng.random() < 0.3
    fact = rng.choice(facts)
    if where:  # the fact asserted inside the loop, at each step
        return lines[:-1] + [f"  __VERIFIER_assert({fact});", "}"]
    return lines + [f"__VERIFIER_assert({fact});"]


def _break_congruence(rng: random.Random, bound: int) -> list[str]:
    """while (1) { x = x + k; i++; if (i >= n) break; } and a fact x % k."""
    k = rng.choice([2, 3, 4, 5])
    start = rng.choice(["d", "0", "1", str(k)])
    op = rng.choice(["+", "-"])
    lines = [f"int x = {start};", "int i = 0;", "while (1) {", f"  x = x {op} {k};", "  i++;", "  if (i >= n) break;",
             "}"]
    if rng.random() < 0.3:
        lines[4:4] = [f"  if (x % {2 * k} == 0) x = x {op} {k};"]
    fact = rng.choice([f"x % {k} == {start} % {k}", f"x % {k} == 0", f"x != {start}", f"(x - {start}) % {k} == 0",
                       f"x % {2 * k} != 1"])
    return lines + [f"__VERIFIER_assert({fact});"]


def _wrapping_sum(rng: random.Random, bound: int) -> list[str]:
    """An unsigned or narrow accumulator: a fact that holds until it wraps."""
    t = rng.choice(["unsigned int", "unsigned char", "unsigned short", "char", "short"])
    step = rng.choice(["1", "2", "d", "i", "200", "40000000"])
    lines = [f"{t} s = 0;" if not t.startswith("unsigned") else f"{t} s = 0U;", _index_loop(rng, "i", "n"),
             f"  s = s + {step};", "}"]
    fact = rng.choice(["s >= 0", f"s <= {step} * n" if step != "i" else "s <= n * n", "s == n || d != 1",
                       "s != 255", "n < 100 || s != 0", f"s < {rng.choice([256, 65536, 300])}"])
    return lines + [f"__VERIFIER_assert({fact});"]


def _two_counters(rng: random.Random, bound: int) -> list[str]:
    """Two counters moving in step (loop-invariants style), one reset on a remainder."""
    a, b = rng.choice([1, 2, 3]), rng.choice([1, 2, 3])
    lines = ["int x = 0;", "int y = d;", "int i = 0;", "while (i < n) {", f"  x = x + {a};", f"  y = y + {b};",
             "  i = i + 1;", "}"]
    if rng.random() < 0.3:
        lines[6:6] = [f"  if (i % {rng.choice([3, 5])} == 0) y = y + {a - b};"]
    fact = rng.choice([f"{b} * x == {a} * (y - d)", "x <= y + 2 * n", f"x == {a} * i", "y >= d", "x + y >= d",
                       f"y - x == d + {b - a} * n"])
    return lines + [f"__VERIFIER_assert({fact});"]


def py_loops(rng: random.Random) -> Construct:
    """The Python translation a benchmark translator would write of a "loops" program: `n` and
    `d` parameters bounded by `assume`, a list `[0] * size`, `for ... in range(...)` (steps too),
    `while True` left by `break`, `//` and `%` on negative values (Python's floor rounding)."""
    bound = rng.choice([40, 130, 300])
    offsets = rng.choice([(0, 0), (-2, 2), (-3, 1)])
    shape = rng.choice([_py_array_init, _py_array_init, _py_polynomial, _py_break_congruence, _py_stepped_range,
                        _py_two_counters])
    lines = ["def f(n: int, d: int) -> int:", f"    assume(0 <= n <= {bound})",
             f"    assume({offsets[0]} <= d <= {offsets[1]})"]
    lines += ["    " + line for line in shape(rng, bound)] + ["    return 0"]
    text = "from verifier import assume\n\n\n" + "\n".join(lines) + "\n"
    cases = list(itertools.product(range(bound + 1), range(offsets[0], offsets[1] + 1)))
    return Construct("loops", "py", text, "f", "assert,bounds,div,value", cases)


def _py_array_init(rng: random.Random, bound: int) -> list[str]:
    c = rng.choice([1, 3, -2, 7])
    k = rng.choice([2, 3, 4])
    value = rng.choice([f"{c} * i + d", f"(i - d) % {k}", f"(d - i) // {k}", "i * i", f"d - {c} * i", "-i % 3"])
    facts = [f"a[j] == {c} * j + d", "a[j] >= d", "a[j] >= 0", f"a[j] < {k}", f"a[j] % {k} == d % {k}",
             f"a[j] * {k} <= d - j", "a[j] == j * j", "a[j] <= a[j + 1]", f"a[j] + {c} * j == d",
             f"a[j] > -{bound}", f"(j - d) % {k} == a[j]", "a[-1] == 0"]
    size = bound + rng.choice([0, 0, 1])
    lines = [f"a = [0] * {size}", "for i in range(n):", f"    a[i] = {value}"]
    if rng.random() < 0.3:
        lines += ["k = 0", "while k < n:", f"    a[k] = a[k] {rng.choice(['+ 1', '- d', '* 2', '// 2'])}", "    k += 1"]
    check = rng.choice(["range(n)", "range(n)", "range(n)", "range(n - 1)", "range(n + 1)", "range(1, n, 2)"])
    return lines + [f"for j in {check}:", f"    assert {rng.choice(facts)}"]


def _py_polynomial(rng: random.Random, bound: int) -> list[str]:
    if rng.random() < 0.5:
        lines = ["x = 0", "y = 0", "while y < n:", "    y += 1", "    x += 2 * y - 1"]
        facts = ["x == y * y", "x >= y", "x == y * y + d", "x <= n * n", "x % 2 == y % 2", "x != 4", "x // y == y"]
    else:
        lines = ["x = 0", "y = 0", "while y < n:", "    y += 1", "    x += y"]
        facts = ["2 * x == y * (y + 1)", "x >= y", "x <= y * y", "x % 2 == 0", "x < 10000", "x // 2 >= y // 2"]
    fact = rng.choice(facts)
    return lines + ([f"    assert {fact}"] if rng.random() < 0.3 else [f"assert {fact}"])


def _py_break_congruence(rng: random.Random, bound: int) -> list[str]:
    k = rng.choice([2, 3, 4, 5])
    start = rng.choice(["d", "0", "1", str(k), "-d"])
    op = rng.choice(["+", "-"])
    lines = [f"x = {start}", "i = 0", "while True:", f"    x = x {op} {k}", "    i += 1", "    if i >= n:",
             "        break"]
    if rng.random() < 0.3:
        lines[4:4] = [f"    if x % {2 * k} == 0:", f"        x = x {op} {k}"]
    fact = rng.choice([f"x % {k} == ({start}) % {k}", f"x % {k} == 0", f"x != {start}", f"(x - ({start})) % {k} == 0",
                       f"x % {2 * k} != 1", f"x // {k} != 0", f"-x % {k} == -({start}) % {k}"])
    return lines + [f"assert {fact}"]


def _py_stepped_range(rng: random.Random, bound: int) -> list[str]:
    step = rng.choice([2, 3, -1, -2])
    rng_text = f"range(0, n, {step})" if step > 0 else f"range(n - 1, -1, {step})"
    lines = ["s = 0", "c = 0", f"for i in {rng_text}:", "    s += i", "    c += 1"]
    facts = [f"c == (n + {abs(step) - 1}) // {abs(step)}", "s <= n * n", "c <= n", f"s % {abs(step)} == 0",
             "c * (n - 1) >= s", "s >= c * d", "c == n"]
    return lines + [f"assert {rng.choice(facts)}"]


def _py_two_counters(rng: random.Random, bound: int) -> list[str]:
    a, b = rng.choice([1, 2, 3]), rng.choice([1, 2, 3])
    lines = ["x = 0", "y = d", "i = 0", "while i < n:", f"    x += {a}", f"    y += {b}", "    i += 1"]
    if rng.random() < 0.3:
        lines[6:6] = [f"    if i % {rng.choice([3, 5])} == 0:", f"        y += {a - b}"]
    fact = rng.choice([f"{b} * x == {a} * (y - d)", "x <= y + 2 * n", f"x == {a} * i", "y >= d", "x + y >= d",
                       f"y - x == d + {b - a} * n", f"(y - d) // {b} == i"])
    return lines + [f"assert {fact}"]
