"""Python-subset frontend: source text -> `verifier.ir.Program` (math semantics).

`parse_python(source, path)` and `load_python(path)` return a Program with
``language="python"``, ``semantics="math"``: every integer is `MATH_INT`
(Python's unbounded int), `//` and `%` are ``floordiv``/``floormod``, and each
division or remainder is preceded by ``Assert(divisor != 0,
kind="div-by-zero")``, each shift by ``Assert(count >= 0, kind="shift")``, each
read of a local that may be unbound there by ``Assert($bound_x, kind="unbound")``
(UnboundLocalError; `python_unbound`).

Input errors (`InputError`): a file that cannot be read or has no function
definitions (kind ``file``), a syntax error (kind ``syntax``, with line and
column). A construct outside the subset never raises: that function gets
`Function.unsupported` (message and position) and an empty body, and the
other functions are still lowered (module-level code outside the subset makes
the functions it can affect unsupported, see `python_module`). A function
that calls an unsupported one becomes unsupported too, so no engine ever sees
a call to an empty body.

Conventions of the lowered IR (on top of those of `verifier.ir`):

- every node has a `Loc` (1-based line and column, Lark's convention);
  a `Binary` has its operator's position where the grammar keeps the operator
  token (arithmetic, shifts, comparisons), else the expression's start; an
  `Assert` for ``assert`` is at the ``assert`` keyword; a div-by-zero or shift
  `Assert` is on the line where CPython reports the exception (the start of
  the binary expression, or of the target of an augmented assignment), at the
  operator's column when the operator is on that line;
- expressions are pure: every call is hoisted into a temporary
  (``$call1 = f(x)``) unless it is the whole value of an assignment, return
  or expression statement, and every check or call an expression needs sits
  in statements before it, in Python's evaluation order. Short-circuit
  operands (right of ``and``/``or``, later links of a chained comparison,
  branches of ``a if c else b``) that need such statements are lowered into
  `If` statements, so their checks only run when Python would evaluate them;
- temporaries are locals whose names start with ``$`` (never a Python name);
- parameters are `MATH_INT`, or `BOOL` when annotated ``bool`` or guarded by
  ``isinstance(x, bool)``; other locals are `MATH_INT` (a bool value stored
  into one is ``Cast`` to 0/1, which is exactly Python's value of it);
  `Function.ret_type` is `MATH_INT` when the function returns a value, else None;
- ``for i in range(a, b, k)`` (constant k != 0) becomes a hidden counter
  ``$i_1 = a`` and ``While($i_1 < b, [i = $i_1] + body, step=[$i_1 = $i_1 + k])``
  (``>`` when k < 0): bounds are evaluated once, ``continue`` runs the step,
  and ``i`` keeps its last value after the loop (its old value if the loop
  never ran).

Leading ``assert isinstance(x, int) and isinstance(y, bool)`` statements (the
seed article's type guards) are dropped, and mark parameter types.

Lists (see `python_types`, `python_lists`, `python_iterate`): a ``list[int]``
or ``list[bool]`` value (``tuple[int, ...]`` too, read-only) is an
`ir.ArrayType(elem, index=MATH_INT)` variable plus its length variable
``ir.length_name(xs)`` (``xs#len``; a parameter for parameters, with
``Assume(xs#len >= 0)`` on entry, a local for locals). Lists are values in
the IR: ``xs[i] = v`` is ``xs = Store(xs, i, v)``, ``append`` stores at the
length and increments it, and a copy is the same array. Python's lists are
objects, so aliasing is ruled out rather than modelled: ``ys = xs`` between
list variables either of which is changed in place, or passing a list to a
function that changes that parameter (found through calls), makes the function
unsupported; two list parameters are assumed to be different lists. A read
``xs[i]`` is an ``Assert(0 <= pos < xs#len, kind="bounds", text="IndexError:
list index out of range")`` (``pos`` is ``i``, or ``i + xs#len`` for a negative
``i``) followed by an unchecked `ir.Select`; ``min``/``max`` of an empty list is
an ``Assert(kind="value")`` (ValueError). Builtins that iterate (``in``,
``sum``, ``min``, ``max``, ``any``, ``all``, ``sorted``, slices, ``[c] * n``,
comprehensions, ``for`` over lists, ``enumerate``, ``zip``) are IR loops over
hidden counters, emitted before the statement that uses them; ``sorted`` and
``list.sort`` take ``reverse=`` and a ``key=`` (``abs`` or a one-parameter
lambda), as CPython's stable sort (`python_sorting`). A function
returning a list has ``ret_type`` None (callers may not use the value).
A fixed-size tuple is flattened into one scalar per item (``t.0``, ``t.1``),
an ``Optional[int]``/``int | None`` into the scalar and a None flag
(``x.none``; see `python_tuples`). A ``str`` is an immutable list of code
points whose items are strings of length 1 (`python_strings`; ``str(x)``
and f-strings write an int's digits by a loop, `python_format`); a
``dict[int, int]`` (keys and values int or bool) two lists, its distinct keys
in insertion order and their values (``d.keys``, ``d.values``; KeyError is
check ``key``; `python_dicts`; a loop over a dict's keys reads ``d[k]`` of its
current key at the loop's position; a dict comprehension is an empty dict
filled pair by pair). A ``list[str]`` or ``list[list[int]]`` (also
``s.split(sep)``) is flattened: one flat list of every item's elements, and
the items' start and stop positions in it (``ws``, ``ws.stop``, ``ws.flat``;
`python_nested`), because IR arrays hold scalars only. A result annotated
``tuple[...]`` (or ``Optional[tuple[...]]``) is stored item by item with a
None flag, its items scalars, strings or lists. Dicts with string keys and
other annotations make only that function unsupported. ``int(input())`` and
``random.randint(a, b)`` are fresh nondeterministic ints (`python_nondet`),
fed back in call order when a witness is replayed. A record (a dataclass or
plain class of int and bool fields, a translated C struct) held in a
variable ``p`` is one scalar per field (``p.x``, ``p.y``), aliasing ruled out
(`python_records`).

The work is split by job: `python_parse` (text to parse tree, syntax
errors), `python_outside` (top-level statements CPython accepts but the
grammar does not), `python_tree` (queries on the tree), `python_module` (module-level
rules, the function table), then one class per layer for a function body:
`python_base` (state, emission, errors) < `python_lists` < `python_sorting` < `python_list_methods` <
`python_declare` < `python_iterate` < `python_strings` < `python_format` (``str(x)``,
f-strings) < `python_nested`
(lists of strings and lists) < `python_dicts` < `python_calls` (calls, builtins) <
`python_tuples` < `python_expr` (expressions) < `python_stmt` (statements) < `python_raising`
(raise, try, declared exceptions) < `python_contract_lowering` (contracts at
entry, returns and calls; read by `python_contracts`) < `python_function`
(signature, type guards, entry points).
"""

from __future__ import annotations

from pathlib import Path

from verifier.ir import Program

from .python_module import ModuleLowerer
from .python_outside import parse_module

__all__ = ["parse_python", "load_python"]


def parse_python(source: str, path: str) -> Program:
    """Parse and lower Python `source` (named `path` in positions) into a Program.

    Raises `InputError` for a syntax error (kind ``syntax``) or a file without
    functions (kind ``file``). Functions using a construct outside the subset
    come back with `Function.unsupported` set instead of raising.
    """
    if source.startswith("\ufeff"):
        source = source[1:]
    tree, excluded = parse_module(source, path)
    return ModuleLowerer(source, path).lower(tree, excluded)


def load_python(path: str | Path) -> Program:
    """Read the Python file at `path` (decoded as CPython does, see
    `verifier.load.read_source`) and return `parse_python` of it."""
    from verifier.load import read_source

    return parse_python(read_source(str(path), "python"), str(path))
