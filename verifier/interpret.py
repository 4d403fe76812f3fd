"""Run a control-flow automaton on concrete values.

Used to turn a solver's witness into what people and the replay harness need:
the nondet values in call order and a trace of states by line. Integer
semantics follow the IR types (wrap-around for fixed widths, C truncating
division, Python floor division); it is a second, independent reading of the
semantics, and a disagreement with the solver makes the answer unknown.

Each nondet value also gets a `NondetSource`: what it feeds, as people read
it (``z = __VERIFIER_nondet_uint()`` at its line, or ``x (uninitialised)``),
and whether the run reads it: an uninitialised local's value is read only if
the run uses the variable before assigning it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from . import ir
from .arrays import ArrayValue, is_length_variable, meaningful, shown_value, zero_of
from .cfa import Cfa, Check, Eval, nondet_nodes, site_name
from .irutil import display_name
from .pointer_values import POINTER_PARTS
from .result import NondetSource

#: `x << k` on unbounded ints with k past this raises OverflowError instead of building a
#: value of k bits (a sampled count of 2^31 would take a quarter of a gigabyte); the
#: encoding reads no count past `bitwise.MAX_SHIFT` exactly anyway, so no witness needs one.
MAX_UNBOUNDED_SHIFT = 1 << 16


@dataclass
class Run:
    """What happened: the failing check (kind, loc) or None, the nondet values
    consumed in order with where each comes from, the trace, and whether an
    assume cut the run."""

    failure: tuple[str, ir.Loc] | None = None
    nondet: list[int] = field(default_factory=list)
    nondet_sources: list[NondetSource] = field(default_factory=list)
    trace: list[tuple[int, dict[str, int]]] = field(default_factory=list)
    blocked: bool = False
    finished: bool = False
    out_of_steps: bool = False
    returned: int | None = None
    #: the variables' values where the run finished (what a caller sees of them: `verify equiv`)
    final: dict = field(default_factory=dict)

    def failed_beside(self, kind: str, line: int) -> bool:
        """Whether the run stopped at a check other than `kind` on `line`: in C perhaps an
        operand of the same full expression, which this left-to-right reading evaluates
        first and a compiler may evaluate after (only a real run can tell then)."""
        return self.failure is not None and self.failure[0] != kind and self.failure[1].line == line


def run_cfa(cfa: Cfa, params: dict[str, int], nondet: Callable[[str, int, ir.Type], int],
            max_edges: int = 200_000, trace: bool = True, reads: dict[int, list[ir.Nondet]] | None = None) -> Run:
    """Execute from the entry with `params`; `nondet(site, step, type)` supplies
    nondeterministic values (step = number of loop heads passed). Without `trace`
    the states are not recorded (`Run.trace` stays empty: many runs go faster).
    `reads` keeps each edge's nondet nodes (by ``id(edge)``) as the run meets it: many
    runs of one automaton given the same dict walk each action once."""
    out = cfa.outgoing()
    edge_index = {id(e): i for i, e in enumerate(cfa.edges)}
    reads = {} if reads is None else reads  # id(edge) -> its nondet nodes (walking an action is slow)
    env = initial_env(cfa.variables)
    env.update(params)
    run = Run()
    unread: dict[str, int] = {}  # variable -> index of the uninitialised value it still holds
    written: dict[str, set[int]] = {}  # unread array -> the elements written since
    node, step, last_line = cfa.entry, 0, 0
    for _ in range(max_edges):
        if node == cfa.exit:
            run.finished = True
            run.final = env
            if cfa.ret_var:
                run.returned = env[cfa.ret_var]
            return run
        if node in cfa.loops and node != cfa.entry:
            step += 1
        taken = None
        for edge in out.get(node, []):
            values: dict[int, int] = {}
            nds = reads.get(id(edge))
            if nds is None:
                nds = reads[id(edge)] = nondet_nodes(edge.action)
            for position, nd in enumerate(nds):
                values[id(nd)] = nondet(site_name(edge_index[id(edge)], position), step, nd.type)
            ev = Evaluator(env, values, track_reads=bool(unread))
            try:
                result = execute(edge.action, ev, env)
            except CheckFailed as failure:
                run.failure = (failure.kind, failure.loc)
                _consume(run, ev, edge.action, unread, env, assigned=False, written=written)
                if trace:
                    _record(run, edge.line or last_line, env, cfa.variables)
                return run
            if result is None:
                continue  # an assume that does not hold: try the other branch
            _consume(run, ev, edge.action, unread, env, assigned=True, written=written)
            env = result
            taken = edge
            break
        if taken is None:
            run.blocked = True
            return run
        if taken.line and taken.action is not None and taken.line != last_line:
            if trace:
                _record(run, taken.line, env, cfa.variables)
            last_line = taken.line
        node = taken.dst
    run.out_of_steps = True
    return run


def initial_env(variables: dict[str, ir.Type]) -> dict[str, int | ArrayValue]:
    """Every variable before the run assigns it: 0, and arrays of zeros."""
    return {name: zero_of(t) for name, t in variables.items()}


def _consume(run: Run, ev: Evaluator, action, unread: dict[str, int], env: dict, assigned: bool,
             written: dict[str, set[int]]) -> None:
    """Append the edge's nondet values with their sources (a nondet array as the
    list of the meaningful elements of the variable it is assigned to); mark
    uninitialised values the edge reads (for an array: an element read before
    the run writes it, `written`); an assignment ends its target's unread value."""
    target = action.target if isinstance(action, ir.Assign) and assigned else None
    if unread:
        copied = _copied_array(action, unread) if assigned else None
        if copied is not None:  # an unread array copied whole: the copy holds the same unread value
            unread[action.target], written[action.target] = unread[copied], set(written.get(copied, ()))
            return
        for name in ev.vars_read or ():
            if (index := unread.pop(name, None)) is not None:
                run.nondet_sources[index].read = True
        for name, element in ev.elements_read:  # an element not written since the array was uninitialised
            if name in unread and element not in written.get(name, ()):
                run.nondet_sources[unread.pop(name)].read = True
        for name, element in ev.elements_written:
            if name in unread:
                written.setdefault(name, set()).add(element)
        if target is not None and not _updates(action.value, target):
            unread.pop(target, None)
    if not ev.read:
        return
    direct = _strip_casts(action.value) if isinstance(action, ir.Assign) else None
    for value, nd in zip(ev.read, ev.read_nodes):
        if isinstance(nd.type, ir.ArrayType):
            value = meaningful(action.target if isinstance(action, ir.Assign) else "", nd.type, value, env)
        run.nondet.append(value)
        if nd.name:
            feeds = f"{display_name(target)} = " if nd is direct and target and not target.startswith("$") else ""
            label = f"{feeds}{nd.name}()" if nd.name.isidentifier() else nd.name  # "malloc fails": the run's choice
            run.nondet_sources.append(NondetSource(label, nd.loc.line, True))
        else:  # an uninitialised local: an input only if read before it is assigned
            name = target or "?"
            run.nondet_sources.append(NondetSource(f"{display_name(name)} (uninitialised)", nd.loc.line, False))
            if target is not None and nd is direct:
                unread[target] = len(run.nondet_sources) - 1
                written.pop(target, None)


def _copied_array(action, unread: dict[str, int]) -> str | None:
    """The unread array variable that `action` copies whole (``b = a``; inlining
    passes an array argument so), if it does."""
    if isinstance(action, ir.Assign) and isinstance(action.value, ir.Var) and action.value.name in unread \
            and isinstance(action.value.type, ir.ArrayType):
        return action.value.name
    return None


def _updates(value: ir.Expr, target: str) -> bool:
    """`value` is `target` with some elements stored (``a[i] = v``)."""
    while isinstance(value, ir.Store):
        value = value.array
    return isinstance(value, ir.Var) and value.name == target


def _strip_casts(e: ir.Expr) -> ir.Expr:
    while isinstance(e, ir.Cast):
        e = e.arg
    return e


def _record(run: Run, line: int, env: dict[str, int], variables: dict[str, ir.Type]) -> None:
    """Add the state at `line`, as people see it: source names, arrays as lists
    of their meaningful elements (their length variables are not shown apart)."""
    shown = {_shown_name(k): shown_value(k, variables[k], v, env) for k, v in env.items()
             if not k.startswith("__") and "@" not in k and not is_length_variable(k, variables)}
    run.trace.append((line, shown))


def _shown_name(name: str) -> str:
    """The source name of a variable; a C pointer's parts keep their suffix
    (``p#obj``, ``p#off``: `verifier.pointer_values` shows them as one target)."""
    for part in POINTER_PARTS:
        if name.endswith(part):
            return display_name(name[: -len(part)]) + part
    return display_name(name)


class CheckFailed(Exception):
    """Check `kind` at `loc` failed on the concrete values."""

    def __init__(self, kind: str, loc: ir.Loc) -> None:
        self.kind, self.loc = kind, loc


def execute(action, ev: Evaluator, env: dict[str, int]) -> dict[str, int] | None:
    """Run one edge's action on `env`, reading expressions with `ev`: the new
    environment, or None when an assume does not hold. Raises `CheckFailed`
    when a check fails."""
    if action is None:
        return env
    if isinstance(action, ir.Assign):
        value = ev.eval(action.value)
        new = dict(env)
        new[action.target] = value
        return new
    if isinstance(action, ir.Assume):
        return env if ev.eval(action.cond) else None
    if isinstance(action, Eval):
        ev.eval(action.expr)
        return env
    if isinstance(action, Check):
        if not ev.eval(action.cond):
            raise CheckFailed(action.kind, action.loc)
        return env
    raise TypeError(type(action).__name__)


class Evaluator:
    """Values of IR expressions over `env`, with C's or Python's integer
    semantics by type; `nondet` gives each nondet value by `id` of its node."""

    def __init__(self, env: dict[str, int], nondet: dict[int, int], track_reads: bool = False) -> None:
        self.env, self.nondet = env, nondet
        self.read: list[int] = []
        self.read_nodes: list[ir.Nondet] = []
        self.vars_read: list[str] | None = [] if track_reads else None
        #: when reads are tracked: (array variable, index) of each element read or written
        #: directly (``a[i]``, ``a[i] = v``), which `vars_read` then does not list
        self.elements_read: list[tuple[str, int]] = []
        self.elements_written: list[tuple[str, int]] = []

    def eval(self, e: ir.Expr) -> int:
        if isinstance(e, ir.Const):
            return ArrayValue(e.value) if isinstance(e.type, ir.ArrayType) else e.value
        if isinstance(e, ir.Var):
            if self.vars_read is not None:
                self.vars_read.append(e.name)
            return self.env[e.name]
        if isinstance(e, ir.Nondet):
            value = self.nondet[id(e)]
            self.read.append(value)
            self.read_nodes.append(e)
            return value
        if isinstance(e, ir.Cast):
            v = self.eval(e.arg)
            if isinstance(e.type, ir.BoolType):
                return int(v != 0)
            return e.type.wrap(v)
        if isinstance(e, ir.Ite):
            return self.eval(e.then) if self.eval(e.cond) else self.eval(e.other)
        if isinstance(e, ir.Unary):
            v = self.eval(e.arg)
            if e.op == "not":
                return int(not v)
            t = e.type
            if e.op == "neg":
                if t.bits is not None and t.signed and v == t.min:
                    raise CheckFailed("overflow", e.loc)
                return t.wrap(-v)
            return t.wrap(~v)
        if isinstance(e, ir.Binary):
            return self._binary(e)
        if isinstance(e, ir.Select):
            array, index = self._array(e.array), self.eval(e.index)
            self._check_access(e, index)
            if self.vars_read is not None and isinstance(e.array, ir.Var):
                self.elements_read.append((e.array.name, index))
            return array.select(index)
        if isinstance(e, ir.Store):  # the value before the index check, as the encoder does
            array, index, value = self._array(e.array), self.eval(e.index), self.eval(e.value)
            self._check_access(e, index)
            if self.vars_read is not None and isinstance(e.array, ir.Var):
                self.elements_written.append((e.array.name, index))
            return array.store(index, value)
        raise TypeError(f"cannot evaluate {type(e).__name__}")

    def _array(self, e: ir.Expr):
        """The value of the array a `Select`/`Store` accesses: a variable accessed
        so is not read as a whole (its element is, see `elements_read`)."""
        return self.env[e.name] if isinstance(e, ir.Var) else self.eval(e)

    def _check_access(self, e: ir.Select | ir.Store, index: int) -> None:
        """Raises `CheckFailed` (check `e.check`) unless ``0 <= index < length``
        when the access is checked."""
        if e.length is not None and not 0 <= index < self.eval(e.length):
            raise CheckFailed(e.check, e.loc)

    def _binary(self, e: ir.Binary) -> int:
        if e.op == "land":
            return int(bool(self.eval(e.left)) and bool(self.eval(e.right)))
        if e.op == "lor":
            return int(bool(self.eval(e.left)) or bool(self.eval(e.right)))
        a, b = self.eval(e.left), self.eval(e.right)
        if e.op in ("eq", "ne", "lt", "le", "gt", "ge"):
            return int({"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[e.op])
        t = e.type
        assert isinstance(t, ir.IntType)
        if e.op in ("div", "mod", "floordiv", "floormod"):
            if b == 0:
                raise CheckFailed("div-by-zero", e.loc)
            if e.op in ("div", "mod") and t.bits is not None and t.signed and a == t.min and b == -1:
                raise CheckFailed("overflow", e.loc)  # C11 6.5.5: INT_MIN % -1 is undefined like INT_MIN / -1
            if e.op in ("floordiv", "floormod"):
                exact = a // b if e.op == "floordiv" else a % b
            else:
                q = abs(a) // abs(b)
                q = q if (a >= 0) == (b >= 0) else -q
                exact = q if e.op == "div" else a - b * q
            return self._fit(exact, t, e.loc)
        if e.op in ("shl", "shr"):
            width = t.bits
            if b < 0 or (width is not None and b >= width):
                raise CheckFailed("shift", e.loc)
            if e.op == "shr":
                return a >> b  # values are stored signed-or-unsigned per type already
            if width is not None and t.signed and (a < 0 or (a << b) > t.max):
                raise CheckFailed("shift", e.loc)
            if width is None and a and b > MAX_UNBOUNDED_SHIFT:
                raise OverflowError(f"shift by {b}: a value too large to compute")
            return t.wrap(a << b)
        exact = {"add": a + b, "sub": a - b, "mul": a * b, "band": a & b, "bor": a | b, "bxor": a ^ b}[e.op]
        return self._fit(exact, t, e.loc)

    @staticmethod
    def _fit(value: int, t: ir.IntType, loc: ir.Loc) -> int:
        if t.bits is not None and t.signed and not (t.min <= value <= t.max):
            raise CheckFailed("overflow", loc)
        return t.wrap(value)
