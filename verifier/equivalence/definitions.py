"""A recursive side read as uninterpreted functions and their defining equations.

For `verify equiv` of a recursion against a loop (`recurrence`): every function
the recursive side reaches (its target, loop-free, calling one self-recursive
function `h`) becomes a z3 function symbol of the same name, and each path of
its body (`call_paths.function_paths`, calls left as calls) an *instance* at
any argument tuple `t`:

    dom_g(t) ∧ path guard[params := t, results := g'(args)] -> g(t) == returned

Such an instance is a true fact about the real function once `g` is known to
return normally on every input of `dom_g` (an interval per parameter): then
`g(t)` is its return value there. `Definitions.obligations` shows that, as
unsatisfiable formulas re-checked like every other certificate:

- the target's calls and `h`'s own calls stay inside `h`'s domain, no check of
  any function fails on its domain;
- where `h`'s domain is a small interval, its *table* (`h(j)` for each `j`,
  computed here by running the paths) is shown entry by entry, each from the
  entries of the calls `h(j)` makes: no circle, since every recursive call
  decreases a measure (`rank_recursion`, which the caller requires). The
  table's values then bound what the loop side computes: a C ``int`` Fibonacci
  is exact only as far as `fib(46)`, which only the numbers tell;
- elsewhere, `h`'s checks are shown from the instances of the calls it makes
  (each under the condition that the call is made: an induction on the
  recursion, sound with the same measure).

C programs only (`function_paths` reads them exactly); `h` has integer
parameters and result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from .. import ir
from ..call_graph import recursive_functions
from ..engines.invariants.call_paths import FunctionPaths, Path, callees, function_paths
from ..errors import AnalysisUnsupported
from ..int_reading import int_range
from ..smt import subterms

__all__ = ["Definitions", "read_definitions", "TABLE_MAX"]

#: Largest domain of the recursive function that is tabled (each entry is one
#: ground obligation; an ``int`` recursion guarded to a few thousand inputs fits).
TABLE_MAX = 2048
#: Rounds of instances: the applications in a formula, then those the instances add.
INSTANCE_ROUNDS = 2
#: Most instances added to one formula.
MAX_INSTANCES = 600
#: Most calls run by one `Definitions.value`.
EVALUATION_STEPS = 20 * TABLE_MAX
#: Entries per table obligation (one SMT-LIB script each).
TABLE_CHUNK = 256

Bounds = list[tuple[int | None, int | None]]


@dataclass
class Definitions:
    """The recursive side: each function's paths, symbol and domain; the
    recursive function `h`, and its table where its domain is small."""

    program: ir.Program
    target: str
    recursive: str
    paths: dict[str, FunctionPaths]
    symbols: dict[str, z3.FuncDeclRef]
    domains: dict[str, Bounds]
    table: dict[int, int] = field(default_factory=dict)
    #: per table entry j, the arguments of the calls h(j) makes (its proof reads their entries only)
    table_calls: dict[int, list[int]] = field(default_factory=dict)
    #: values of `h` computed so far (`value`), with the arguments of the calls each made
    computed: dict[int, tuple[int, list[int]]] = field(default_factory=dict)

    def value(self, j: int) -> int | None:
        """`h(j)` for one-parameter `h`, by running its paths (memoized); None where
        a check fails, a call leaves the domain, or it takes too many steps."""
        if len(self.domains[self.recursive]) != 1:
            return None
        todo, steps = [j], 0
        while todo:
            k = todo[-1]
            if k in self.computed:
                todo.pop()
                continue
            steps += 1
            if steps > EVALUATION_STEPS:
                return None  # also a circle of calls, which never finishes
            found = _run(self, k)
            if found is None:
                return None
            if isinstance(found, int):  # an entry it needs first
                todo.append(found)
                continue
            self.computed[k] = found
            todo.pop()
        return self.computed[j][0]

    # ------------------------------------------------------------ terms

    def apply(self, name: str, args: list[z3.ExprRef]) -> z3.ExprRef:
        return self.symbols[name](*args)

    def in_domain(self, name: str, args: list[z3.ExprRef]) -> z3.BoolRef:
        facts = []
        for x, (lo, hi) in zip(args, self.domains[name]):
            facts += ([x >= lo] if lo is not None else []) + ([x <= hi] if hi is not None else [])
        return z3.And(*facts) if facts else z3.BoolVal(True)

    def applications(self, *formulas: z3.ExprRef) -> list[z3.ExprRef]:
        """The applications of the symbols in `formulas`."""
        names = set(self.symbols)
        return [t for t in subterms(*formulas) if z3.is_app(t) and t.num_args() > 0
                and t.decl().kind() == z3.Z3_OP_UNINTERPRETED and t.decl().name() in names]

    def substitution(self, name: str, path: Path, args: list[z3.ExprRef]) -> list[tuple[z3.ExprRef, z3.ExprRef]]:
        """Parameters of `name` to `args`, each call's result to the callee's application."""
        pairs = list(zip(self.paths[name].params, args))
        for call in path.calls:
            if call.result is not None:
                call_args = [z3.substitute(a, *pairs) if pairs else a for a in call.args]
                pairs.append((call.result, self.apply(call.callee, call_args)))
        return pairs

    def instance(self, app: z3.ExprRef, premise: z3.BoolRef | None = None) -> list[z3.BoolRef]:
        """The defining equations of `app`'s function at its arguments (one per path)."""
        name, args = app.decl().name(), list(app.children())
        out = []
        for path in self.paths[name].paths:
            if path.returns is None:
                continue
            pairs = self.substitution(name, path, args)
            guard = z3.substitute(path.exit_guard, *pairs)
            value = z3.substitute(path.returns, *pairs)
            hyps = [self.in_domain(name, args), guard] + ([premise] if premise is not None else [])
            out.append(z3.Implies(z3.And(*hyps), app == value))
        return out

    def facts(self, *formulas: z3.ExprRef) -> list[z3.BoolRef]:
        """What is known of the applications in `formulas` (and those their
        instances add): the defining equations, the result's type range, the
        table's range and entries. True once `obligations` hold."""
        out: list[z3.BoolRef] = []
        seen: set[int] = set()
        todo = self.applications(*formulas)
        for _ in range(INSTANCE_ROUNDS):
            added: list[z3.BoolRef] = []
            for app in todo:
                if app.get_id() in seen or len(seen) >= MAX_INSTANCES:
                    continue
                seen.add(app.get_id())
                added += self._range(app) + self.instance(app)
            out += added
            todo = self.applications(*added) if added else []
        if self.table:
            h = self.symbols[self.recursive]
            out += [h(z3.IntVal(j)) == v for j, v in self.table.items()]
        return out

    def _range(self, app: z3.ExprRef) -> list[z3.BoolRef]:
        name = app.decl().name()
        ret = self.paths[name].function.ret_type
        out = [int_range(app, ret)]
        if self.table and name == self.recursive:
            values = self.table.values()
            out.append(z3.Implies(self.in_domain(name, list(app.children())),
                                  z3.And(app >= min(values), app <= max(values))))
        return out

    # ------------------------------------------------------- obligations

    def obligations(self) -> list[z3.BoolRef]:
        """Unsatisfiable formulas that show every function returns normally on its
        domain (and `h` the table's values): see the module docstring."""
        out = []
        for name in self.paths:
            if name == self.recursive and self.table:
                out += self._table_obligations()
                continue
            guarded = name == self.recursive  # only facts about calls it makes
            for path in self.paths[name].paths:
                out += self._path_obligations(name, path, guarded)
        return out

    def _path_obligations(self, name: str, path: Path, guarded: bool) -> list[z3.BoolRef]:
        fp = self.paths[name]
        pairs = self.substitution(name, path, fp.params)
        at = [fp.param_ranges, self.in_domain(name, fp.params)]
        bad = [z3.substitute(f.cond, *pairs) for f in path.failures]
        for call in path.calls:
            args = [z3.substitute(a, *pairs) for a in call.args]
            bad.append(z3.And(z3.substitute(call.guard, *pairs), z3.Not(self.in_domain(call.callee, args))))
        if not bad:
            return []
        if guarded:
            known = []
            for call in path.calls:
                if call.result is not None:
                    app = z3.substitute(call.result, *pairs)
                    known += self._range(app) + self.instance(app, premise=z3.substitute(call.guard, *pairs))
        else:
            known = self.facts(*bad)
        return [z3.And(*at, *known, z3.Or(*bad))]

    def _table_obligations(self) -> list[z3.BoolRef]:
        """Per entry j: with the entries of the calls h(j) makes, no check fails,
        every call stays in the domain, and each path that ends returns table[j]."""
        name, fp = self.recursive, self.paths[self.recursive]
        h = self.symbols[name]
        cases = []
        for j, value in self.table.items():
            bad = []
            for path in fp.paths:
                pairs = self.substitution(name, path, [z3.IntVal(j)])
                bad += [z3.substitute(f.cond, *pairs) for f in path.failures]
                for call in path.calls:
                    args = [z3.substitute(a, *pairs) for a in call.args]
                    bad.append(z3.And(z3.substitute(call.guard, *pairs), z3.Not(self.in_domain(call.callee, args))))
                if path.returns is not None:
                    bad.append(z3.And(z3.substitute(path.exit_guard, *pairs),
                                      z3.substitute(path.returns, *pairs) != value))
            known = [h(z3.IntVal(k)) == self.table[k] for k in self.table_calls.get(j, [])]
            cases.append(z3.And(*known, z3.Or(*bad)))
        return [z3.Or(*cases[i:i + TABLE_CHUNK]) for i in range(0, len(cases), TABLE_CHUNK)]


# ------------------------------------------------------------------ reading


def read_definitions(program: ir.Program, target: str, deadline: float) -> Definitions | None:
    """The definitions of the functions `target` reaches, or None: not C, not
    one self-recursive function called from loop-free code, a function that
    cannot be lowered path by path, or a non-integer parameter or result."""
    if program.language != "c":
        return None
    parts = recursive_functions(program, target)
    if len(parts) != 1 or len(parts[0]) != 1:
        return None
    h = parts[0][0]
    if callees(program, h) - {h}:
        return None
    names = [target] + sorted(_reached(program, target) - {target})
    try:
        paths = {n: function_paths(program, n) for n in names}
    except (AnalysisUnsupported, z3.Z3Exception):
        return None
    for fp in paths.values():
        types = [fp.function.ret_type, *[p.type for p in fp.function.params]]
        if not all(isinstance(t, ir.IntType) for t in types):
            return None
        if not all(_free_names(fp, p) for p in fp.paths):
            return None
    symbols = {n: z3.Function(n, *[z3.IntSort() for _ in fp.params], z3.IntSort()) for n, fp in paths.items()}
    types = {n: [_type_bounds(p.type) for p in fp.function.params] for n, fp in paths.items()}
    defs = Definitions(program, target, h, paths, symbols, dict(types))
    if h != target:
        defs.domains[h] = _domain(defs, h, types[h], deadline)
    defs.table, defs.table_calls = _table(defs)
    return defs


def _reached(program: ir.Program, name: str) -> set[str]:
    seen, todo = {name}, [name]
    while todo:
        for c in callees(program, todo.pop()):
            if c in program.functions and c not in seen:
                seen.add(c)
                todo.append(c)
    return seen


def _free_names(fp: FunctionPaths, path: Path) -> bool:
    """The path reads only the parameters and its calls' results (no other unknown value)."""
    allowed = {p.decl().name() for p in fp.params} | {c.result.decl().name() for c in path.calls
                                                     if c.result is not None}
    terms = [path.exit_guard, *[f.cond for f in path.failures], *[c.guard for c in path.calls]]
    terms += [a for c in path.calls for a in c.args] + ([path.returns] if path.returns is not None else [])
    return all(t.decl().name() in allowed for t in subterms(*terms)
               if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED)


def _type_bounds(t: ir.Type) -> tuple[int | None, int | None]:
    return (t.min, t.max) if isinstance(t, ir.IntType) and t.bits is not None else (None, None)


def _domain(defs: Definitions, h: str, widest: Bounds, deadline: float) -> Bounds:
    """An interval per parameter of `h` holding the arguments of every call of
    `h` from the other functions and, from inside it, from `h` itself (checked
    again by `obligations`); `widest` (the types' ranges) where none is found."""
    box: Bounds | None = None
    for name in defs.paths:
        if name != h:
            box = _hull(box, _call_args_box(defs, name, h, deadline))
    for _ in range(3):
        if box is None:
            return widest
        defs.domains[h] = box
        grown = _hull(box, _call_args_box(defs, h, h, deadline))
        if grown == box:
            return box
        box = grown
    return widest


def _call_args_box(defs: Definitions, caller: str, callee: str, deadline: float) -> Bounds | None:
    """The least and greatest argument of each call of `callee` in `caller` (None: no call)."""
    fp = defs.paths[caller]
    box: Bounds | None = None
    for path in fp.paths:
        for call in path.calls:
            if call.callee != callee:
                continue
            context = z3.And(fp.param_ranges, defs.in_domain(caller, fp.params), call.guard,
                             *[int_range(c.result, c.result_type) for c in path.calls if c.result is not None])
            bounds = [(_optimum(context, a, False, deadline), _optimum(context, a, True, deadline))
                      for a in call.args]
            box = _hull(box, bounds)
    return box


def _optimum(context: z3.BoolRef, term: z3.ArithRef, maximize: bool, deadline: float) -> int | None:
    opt = z3.Optimize()
    opt.set("timeout", max(1, int(min(1.0, deadline - time.monotonic()) * 1000)))
    opt.add(context)
    handle = opt.maximize(term) if maximize else opt.minimize(term)
    if opt.check() != z3.sat:
        return None
    value = handle.value()
    return value.as_long() if z3.is_int_value(value) else None


def _hull(a: Bounds | None, b: Bounds | None) -> Bounds | None:
    if a is None or b is None:
        return a if b is None else b
    out = []
    for (alo, ahi), (blo, bhi) in zip(a, b):
        lo = None if alo is None or blo is None else min(alo, blo)
        hi = None if ahi is None or bhi is None else max(ahi, bhi)
        out.append((lo, hi))
    return out


def _table(defs: Definitions) -> tuple[dict[int, int], dict[int, list[int]]]:
    """`h(j)` for every j of a small one-parameter domain (and, per entry, the
    arguments of the calls it makes); ({}, {}) where the domain is large or a
    value cannot be computed."""
    h = defs.recursive
    if len(defs.domains[h]) != 1:
        return {}, {}
    lo, hi = defs.domains[h][0]
    if lo is None or hi is None or hi - lo + 1 > TABLE_MAX:
        return {}, {}
    if any(defs.value(j) is None for j in range(lo, hi + 1)):
        return {}, {}
    return {j: defs.computed[j][0] for j in range(lo, hi + 1)}, {j: defs.computed[j][1] for j in range(lo, hi + 1)}


def _run(defs: Definitions, j: int):
    """`h(j)` from the values computed so far: (value, arguments of its calls), the
    argument of a call whose value is missing (an int), or None (a check fails,
    a call leaves the domain, or a value is not a number)."""
    h = defs.recursive
    fp = defs.paths[h]
    lo, hi = defs.domains[h][0]
    if (lo is not None and j < lo) or (hi is not None and j > hi):
        return None
    for path in fp.paths:
        pairs: list[tuple[z3.ExprRef, z3.ExprRef]] = [(fp.params[0], z3.IntVal(j))]
        made: list[int] = []
        taken = True
        for index, call in enumerate(path.calls):
            if not all(_number(z3.substitute(f.cond, *pairs)) is False for f in path.failures
                       if f.calls_before == index):
                return None
            guard = _number(z3.substitute(call.guard, *pairs))
            if guard is None:
                return None
            if not guard:
                taken = False
                break
            arg = _number(z3.substitute(call.args[0], *pairs))
            if not isinstance(arg, int) or isinstance(arg, bool):
                return None
            if arg not in defs.computed:
                return arg
            made.append(arg)
            pairs.append((call.result, z3.IntVal(defs.computed[arg][0])))
        if not taken:
            continue
        if not all(_number(z3.substitute(f.cond, *pairs)) is False for f in path.failures):
            return None
        if _number(z3.substitute(path.exit_guard, *pairs)) is True:
            value = _number(z3.substitute(path.returns, *pairs))
            return (value, made) if isinstance(value, int) and not isinstance(value, bool) else None
    return None


def _number(term: z3.ExprRef):
    """A closed term's value: an int, a bool, or None."""
    term = z3.simplify(term)
    if z3.is_true(term):
        return True
    if z3.is_false(term):
        return False
    return term.as_long() if z3.is_int_value(term) else None
