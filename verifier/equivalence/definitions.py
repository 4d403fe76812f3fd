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
- where `h` recurses on a small interval of arguments, its *table* (`h(j)` for
  each `j` there, computed here by running the paths, a few past either end
  where that runs normally) is shown entry by entry, each from the entries of
  the calls `h(j)` makes, which all go below `j` (or all above): the recursion
  on the table ends, and no entry is its own proof. On the rest of its domain
  `h` makes no call. The table's values then bound what the loop side
  computes: a C ``int`` Fibonacci is exact only as far as `fib(46)`, which
  only the numbers tell;
- elsewhere, `h`'s checks are shown from the instances of the calls it makes
  (each under the condition that the call is made: an induction on the
  recursion, sound with a measure every recursive call decreases,
  `rank_recursion`, which the caller then requires).

C programs only (`function_paths` reads them exactly); `h` has integer
parameters and result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from .. import ir
from ..call_graph import reachable_functions, recursive_functions
from ..engines.invariants.call_paths import FunctionPaths, Path, callees, function_paths
from ..errors import AnalysisUnsupported
from ..int_reading import int_fits, int_range
from ..smt import subterms

__all__ = ["Definitions", "read_definitions", "TABLE_MAX"]

#: Largest domain of the recursive function that is tabled (each entry is one
#: ground obligation; an ``int`` recursion guarded to a few thousand inputs fits).
TABLE_MAX = 2048
#: Rounds of instances: the applications in a formula, then those the instances add.
INSTANCE_ROUNDS = 2
#: Most instances added to one formula.
MAX_INSTANCES = 600
#: How far past the calls' domain the table may grow at each end.
TABLE_MARGIN = 3
#: Most calls run by one `Definitions.value`.
EVALUATION_STEPS = 20 * TABLE_MAX
#: Entries per table obligation (one SMT-LIB script each).
TABLE_CHUNK = 256

Bounds = list[tuple[int | None, int | None]]

#: A function's symbol is its name after this (``fn!abs``: no clash with SMT-LIB's own ``abs``).
SYMBOL_PREFIX = "fn!"


def symbol_name(function: str) -> str:
    return SYMBOL_PREFIX + function


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
    #: `h`'s domain as the calls into it give it (`domains` may have grown past it: `_table`)
    called: Bounds = field(default_factory=list)
    #: ``down`` when every call h(j) of the table makes is to an argument below j, ``up`` above
    descent: str = ""
    #: values of `h` computed so far (`value`), with the arguments of the calls each made
    computed: dict[int, tuple[int, list[int]]] = field(default_factory=dict)
    _instances: dict[int, tuple] = field(default_factory=dict, repr=False)
    _entries: list[z3.BoolRef] = field(default_factory=list, repr=False)

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
                if found in todo:  # a circle of calls: never ends
                    return None
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
        names = {symbol_name(n) for n in self.symbols}
        return [t for t in subterms(*formulas) if z3.is_app(t) and t.num_args() > 0
                and t.decl().kind() == z3.Z3_OP_UNINTERPRETED and t.decl().name() in names]

    def function_of(self, app: z3.ExprRef) -> str:
        """The function an application of a symbol applies."""
        return app.decl().name().removeprefix(SYMBOL_PREFIX)

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
        return self._instance(app, premise)[0]

    def _instance(self, app: z3.ExprRef, premise: z3.BoolRef | None = None):
        """(`instance`, the applications of the callees it mentions)."""
        key = app.get_id()
        if premise is None and key in self._instances:
            return self._instances[key][1:]
        name, args = self.function_of(app), list(app.children())
        out, callees = [], []
        for path in self.paths[name].paths:
            if path.returns is None or z3.is_false(path.exit_guard):  # void, or it never returns
                continue
            pairs = self.substitution(name, path, args)
            guard = z3.substitute(path.exit_guard, *pairs)
            value = z3.substitute(path.returns, *pairs)
            hyps = [self.in_domain(name, args), guard] + ([premise] if premise is not None else [])
            out.append(z3.Implies(z3.And(*hyps), app == value))
            callees += [made for _, made in pairs[len(args):]]
        if premise is None:
            self._instances[key] = (app, out, callees)  # the term kept alive: its id stays its own
        return out, callees

    def facts(self, *formulas: z3.ExprRef, apps: tuple[z3.ExprRef, ...] = ()) -> list[z3.BoolRef]:
        """What is known of `apps` and the applications in `formulas` (and those
        their instances add): the defining equations, the result's type range,
        the table's range and entries. True once `obligations` hold."""
        out: list[z3.BoolRef] = []
        seen: set[int] = set()
        todo = list(apps) + self.applications(*formulas)
        for _ in range(INSTANCE_ROUNDS):
            added: list[z3.ExprRef] = []
            for app in todo:
                if app.get_id() in seen or len(seen) >= MAX_INSTANCES:
                    continue
                seen.add(app.get_id())
                equations, callees = self._instance(app)
                out += self._range(app) + equations
                added += callees
            todo = added
        if self.table and not self._entries:
            h = self.symbols[self.recursive]
            self._entries = [h(z3.IntVal(j)) == v for j, v in self.table.items()]
        return out + self._entries

    def _range(self, app: z3.ExprRef) -> list[z3.BoolRef]:
        name = self.function_of(app)
        ret = self.paths[name].function.ret_type
        out = [int_range(app, ret)]
        if self.table and name == self.recursive:
            values = self.table.values()
            out.append(z3.Implies(self.in_table(app.arg(0)), z3.And(app >= min(values), app <= max(values))))
        return out

    def in_table(self, x: z3.ArithRef) -> z3.BoolRef:
        return z3.And(x >= min(self.table), x <= max(self.table))

    # ------------------------------------------------------- obligations

    def obligations(self) -> list[z3.BoolRef]:
        """Unsatisfiable formulas that show every function returns normally on its
        domain (and `h` the table's values): see the module docstring."""
        out = []
        for name in self.paths:
            tabled = name == self.recursive and bool(self.table)
            if tabled:
                out += self._table_obligations()
            guarded = name == self.recursive  # only facts about calls it makes
            for path in self.paths[name].paths:
                out += self._path_obligations(name, path, guarded, tabled)
        return out

    def _path_obligations(self, name: str, path: Path, guarded: bool, tabled: bool) -> list[z3.BoolRef]:
        """No check of `path` fails and its calls stay in the domains; with `tabled`,
        on the inputs of the domain outside the table, where it makes no call either."""
        fp = self.paths[name]
        pairs = self.substitution(name, path, fp.params)
        at = [fp.param_ranges, self.in_domain(name, fp.params)]
        if tabled:
            at.append(z3.Not(self.in_table(fp.params[0])))
        bad = [z3.substitute(f.cond, *pairs) for f in path.failures]
        for call in path.calls:
            args = [z3.substitute(a, *pairs) for a in call.args]
            made = z3.substitute(call.guard, *pairs)
            bad.append(made if tabled else z3.And(made, z3.Not(self.in_domain(call.callee, args))))
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
        every call stays in the domain and goes the way of `descent`, and each
        path that ends returns table[j]."""
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
                    made = z3.substitute(call.guard, *pairs)
                    bad.append(z3.And(made, z3.Not(self.in_domain(call.callee, args))))
                    # every call goes down (or up): the recursion on the table ends, and no entry is its own proof
                    bad.append(z3.And(made, z3.Not(args[0] < j if self.descent == "down" else args[0] > j)))
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
    names = [target] + sorted(reachable_functions(program, target) - {target})
    try:
        paths = {n: function_paths(program, n) for n in names}
    except (AnalysisUnsupported, z3.Z3Exception):
        return None
    for fp in paths.values():
        signature = [fp.function.ret_type, *[p.type for p in fp.function.params]]
        if not all(isinstance(t, ir.IntType) for t in signature):
            return None
        if not all(_free_names(fp, p) for p in fp.paths):
            return None
    symbols = {n: z3.Function(symbol_name(n), *[z3.IntSort() for _ in fp.params], z3.IntSort())
               for n, fp in paths.items()}
    types = {n: [_type_bounds(p.type) for p in fp.function.params] for n, fp in paths.items()}
    defs = Definitions(program, target, h, paths, symbols, dict(types))
    if h != target:
        defs.domains[h] = _domain(defs, h, types[h], deadline)
    defs.called = list(defs.domains[h])
    defs.table, defs.table_calls, defs.descent = _table(defs, deadline)
    return defs


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


def _table(defs: Definitions, deadline: float) -> tuple[dict[int, int], dict[int, list[int]], str]:
    """`h(j)` for the j of its domain where it recurses (and the entries those
    calls need), grown by up to `TABLE_MARGIN` at each end where `h` runs normally
    (a loop side often computes a value or two past the last one it returns),
    with the domain grown to hold it; per entry the arguments of the calls it
    makes; and the way every call goes (``down``, ``up``). ({}, {}, "") where
    that is more than `TABLE_MAX` entries, a value cannot be computed or the
    calls go both ways."""
    h = defs.recursive
    if len(defs.domains[h]) != 1:
        return {}, {}, ""
    region = _recursing(defs, deadline)
    if region is None:
        return {}, {}, ""
    lo, hi = region

    def computable(lo: int, hi: int) -> bool:
        return hi - lo + 1 <= TABLE_MAX and all(time.monotonic() < deadline and defs.value(j) is not None
                                                 for j in range(lo, hi + 1))

    if not computable(lo, hi):
        return {}, {}, ""
    needed = [k for j in range(lo, hi + 1) for k in defs.computed[j][1]]
    lo, hi = min([lo, *needed]), max([hi, *needed])
    if not computable(lo, hi):
        return {}, {}, ""
    domain = defs.domains[h][0]
    for step in (1, -1):
        for _ in range(TABLE_MARGIN):
            grown = (lo, hi + 1) if step == 1 else (lo - 1, hi)
            if grown[1] - grown[0] + 1 > TABLE_MAX or not all(int_fits(v, defs.paths[h].function.params[0].type)
                                                            for v in grown):
                break
            defs.domains[h] = _hull([domain], [grown])
            if defs.value(grown[1] if step == 1 else grown[0]) is None:
                break
            lo, hi = grown
    defs.domains[h] = _hull([domain], [(lo, hi)])
    entries = range(lo, hi + 1)
    made = {j: defs.computed[j][1] for j in entries}
    descent = "down" if all(k < j for j in entries for k in made[j]) else \
        "up" if all(k > j for j in entries for k in made[j]) else ""
    if not descent or any(not lo <= k <= hi for j in entries for k in made[j]):
        return {}, {}, ""
    return {j: defs.computed[j][0] for j in entries}, made, descent


def _recursing(defs: Definitions, deadline: float) -> tuple[int, int] | None:
    """The least and greatest argument in `h`'s domain with which it calls itself."""
    h = defs.recursive
    fp = defs.paths[h]
    context = z3.And(fp.param_ranges, defs.in_domain(h, fp.params))
    guards = [c.guard for p in fp.paths for c in p.calls]
    if not guards:
        return None
    where = z3.And(context, z3.Or(*guards))
    lo, hi = _optimum(where, fp.params[0], False, deadline), _optimum(where, fp.params[0], True, deadline)
    return None if lo is None or hi is None else (lo, hi)


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
