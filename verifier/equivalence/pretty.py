"""Print z3 formulas for people: C-like infix, linear equalities solved for a variable.

`render(e)` prints a formula (``x1 == x2 && s1 == s2``); `readable(e, order)`
first looks for a simpler equivalent (z3's context simplification, bound
propagation, then linear equalities in reduced row echelon form, pivots
taken in `order`), and keeps it only when a solver confirms the two are
equivalent: what is printed never says more or less than the certificate.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import z3

__all__ = ["render", "readable"]

_INFIX = {
    z3.Z3_OP_ADD: "+", z3.Z3_OP_SUB: "-", z3.Z3_OP_MUL: "*", z3.Z3_OP_IDIV: "/", z3.Z3_OP_MOD: "%",
    z3.Z3_OP_LE: "<=", z3.Z3_OP_GE: ">=", z3.Z3_OP_LT: "<", z3.Z3_OP_GT: ">", z3.Z3_OP_EQ: "==",
    z3.Z3_OP_AND: "&&", z3.Z3_OP_OR: "||", z3.Z3_OP_IMPLIES: "==>",
    z3.Z3_OP_BADD: "+", z3.Z3_OP_BSUB: "-", z3.Z3_OP_BMUL: "*", z3.Z3_OP_BSDIV: "/", z3.Z3_OP_BSREM: "%",
    z3.Z3_OP_SLEQ: "<=", z3.Z3_OP_SGEQ: ">=", z3.Z3_OP_SLT: "<", z3.Z3_OP_SGT: ">",
    z3.Z3_OP_ULEQ: "<=u", z3.Z3_OP_UGEQ: ">=u", z3.Z3_OP_ULT: "<u", z3.Z3_OP_UGT: ">u",
    z3.Z3_OP_BAND: "&", z3.Z3_OP_BOR: "|", z3.Z3_OP_BXOR: "^",
}
_FLIP = {z3.Z3_OP_LE: ">", z3.Z3_OP_GE: "<", z3.Z3_OP_LT: ">=", z3.Z3_OP_GT: "<="}


def render(e: z3.ExprRef) -> str:
    """`e` in C-like infix syntax."""
    if z3.is_true(e):
        return "true"
    if z3.is_false(e):
        return "false"
    if z3.is_int_value(e):
        return str(e.as_long())
    if z3.is_bv_value(e):
        v = e.as_long()
        return str(v - (1 << e.size()) if v >= 1 << (e.size() - 1) else v)
    if z3.is_const(e) or not z3.is_app(e):  # a constant, or a quantifier / bound variable
        return str(e)
    k = e.decl().kind()
    kids = e.children()
    if k == z3.Z3_OP_NOT:
        inner = kids[0]
        ik = inner.decl().kind() if z3.is_app(inner) else None
        if ik == z3.Z3_OP_EQ:
            return f"{_paren(inner.arg(0))} != {_paren(inner.arg(1))}"
        if ik in _FLIP:
            return f"{_paren(inner.arg(0))} {_FLIP[ik]} {_paren(inner.arg(1))}"
        return f"!{_paren(inner)}"
    if k in (z3.Z3_OP_UMINUS, z3.Z3_OP_BNEG):
        return f"-{_paren(kids[0])}"
    if k == z3.Z3_OP_ITE:
        return f"({render(kids[0])} ? {render(kids[1])} : {render(kids[2])})"
    if k == z3.Z3_OP_MUL and len(kids) == 2 and z3.is_int_value(kids[0]) and kids[0].as_long() == -1:
        return f"-{_paren(kids[1])}"
    if (k == z3.Z3_OP_EQ and z3.is_bv_value(kids[1]) and kids[1].as_long() == 0
            and z3.is_app_of(kids[0], z3.Z3_OP_EXTRACT) and kids[0].params()[1] == 0):
        # z3's reading of x & (2^k - 1) == 0: the low k bits of x are 0
        return f"({_paren(kids[0].arg(0))} % {1 << (kids[0].params()[0] + 1)}) == 0"
    if k == z3.Z3_OP_EQ and z3.is_int_value(kids[1]) and kids[1].as_long() == 0 and z3.is_app_of(kids[0], z3.Z3_OP_ADD):
        pos, neg = [], []  # a - b * c == 0 reads better as a == b * c
        for c in kids[0].children():
            if z3.is_app_of(c, z3.Z3_OP_MUL) and z3.is_int_value(c.arg(0)) and c.arg(0).as_long() < 0:
                coeff = -c.arg(0).as_long()
                rest = " * ".join(_paren(x) for x in c.children()[1:])
                neg.append(rest if coeff == 1 else f"{coeff} * {rest}")
            elif z3.is_int_value(c) and c.as_long() < 0:
                neg.append(str(-c.as_long()))
            else:
                pos.append(render(c))
        if pos and neg:
            return f"{' + '.join(pos)} == {' + '.join(neg)}"
    if k == z3.Z3_OP_ADD:
        text = _paren(kids[0])
        for c in kids[1:]:
            if z3.is_app_of(c, z3.Z3_OP_MUL) and z3.is_int_value(c.arg(0)) and c.arg(0).as_long() < 0:
                coeff = -c.arg(0).as_long()
                rest = " * ".join(_paren(x) for x in c.children()[1:])
                text += f" - {rest}" if coeff == 1 else f" - {coeff} * {rest}"
            elif z3.is_int_value(c) and c.as_long() < 0:
                text += f" - {-c.as_long()}"
            else:
                text += f" + {_paren(c)}"
        return text
    if k in _INFIX:
        op = _INFIX[k]
        if op in ("&&", "||"):
            return f" {op} ".join(_paren_logic(c, op) for c in kids)
        if op in ("==", "<=", ">=", "<", ">"):  # arithmetic binds tighter than comparisons
            return f" {op} ".join(render(c) if _arith(c) else _paren(c) for c in kids)
        return f" {op} ".join(_paren(c) for c in kids)
    return f"{e.decl().name()}({', '.join(render(c) for c in kids)})"


def _arith(e: z3.ExprRef) -> bool:
    return z3.is_app(e) and e.decl().kind() in (z3.Z3_OP_ADD, z3.Z3_OP_SUB, z3.Z3_OP_MUL, z3.Z3_OP_UMINUS)


def _paren(e: z3.ExprRef) -> str:
    text = render(e)
    if z3.is_const(e) or z3.is_app_of(e, z3.Z3_OP_ITE) or text.lstrip("-").isdigit():
        return text
    if z3.is_app_of(e, z3.Z3_OP_MUL) or z3.is_app_of(e, z3.Z3_OP_UMINUS):
        return text
    return f"({text})"


def _paren_logic(e: z3.ExprRef, op: str) -> str:
    text = render(e)
    if z3.is_app_of(e, z3.Z3_OP_OR) and op == "&&" or z3.is_app_of(e, z3.Z3_OP_AND) and op == "||":
        return f"({text})"
    return text


# ------------------------------------------------------------- simplifying


def _linear(e: z3.ExprRef) -> dict[str, Fraction] | None:
    """`e` (an Int term) as {variable: coefficient, "": constant}, or None."""
    if z3.is_int_value(e):
        return {"": Fraction(e.as_long())}
    if z3.is_const(e) and e.sort() == z3.IntSort():
        return {str(e): Fraction(1)}
    if z3.is_app_of(e, z3.Z3_OP_ADD) or z3.is_app_of(e, z3.Z3_OP_SUB):
        parts = [_linear(c) for c in e.children()]
        if any(p is None for p in parts):
            return None
        out: dict[str, Fraction] = {}
        for i, p in enumerate(parts):
            sign = -1 if z3.is_app_of(e, z3.Z3_OP_SUB) and i > 0 else 1
            for v, c in p.items():
                out[v] = out.get(v, Fraction(0)) + sign * c
        return out
    if z3.is_app_of(e, z3.Z3_OP_UMINUS):
        p = _linear(e.arg(0))
        return None if p is None else {v: -c for v, c in p.items()}
    if z3.is_app_of(e, z3.Z3_OP_MUL):
        consts = [c for c in e.children() if z3.is_int_value(c)]
        others = [c for c in e.children() if not z3.is_int_value(c)]
        if len(others) != 1:
            return None
        factor = Fraction(1)
        for c in consts:
            factor *= c.as_long()
        p = _linear(others[0])
        return None if p is None else {v: factor * c for v, c in p.items()}
    return None


def _equation(e: z3.ExprRef) -> dict[str, Fraction] | None:
    if z3.is_app_of(e, z3.Z3_OP_EQ) and e.arg(0).sort() == z3.IntSort():
        left, right = _linear(e.arg(0)), _linear(e.arg(1))
        if left is None or right is None:
            return None
        row = dict(left)
        for v, c in right.items():
            row[v] = row.get(v, Fraction(0)) - c
        return {v: c for v, c in row.items() if c != 0}
    return None


def _rref(rows: list[dict[str, Fraction]], order: list[str]) -> list[dict[str, Fraction]]:
    names = [v for v in order if any(v in r for r in rows)]
    names += sorted({v for r in rows for v in r if v and v not in names})
    rows = [dict(r) for r in rows]
    pivots: list[tuple[str, dict[str, Fraction]]] = []
    for var in names:
        idx = next((i for i, r in enumerate(rows) if r.get(var, 0) != 0), None)
        if idx is None:
            continue
        row = rows.pop(idx)
        scale = row[var]
        row = {v: c / scale for v, c in row.items()}
        for r in rows + [p for _, p in pivots]:
            c = r.get(var, 0)
            if c:
                for v, d in row.items():
                    r[v] = r.get(v, Fraction(0)) - c * d
                for v in [v for v, d in r.items() if d == 0]:
                    del r[v]
        pivots.append((var, row))
    return [row for _, row in pivots]


def _row_expr(row: dict[str, Fraction], pivot_first: list[str], sorts: dict[str, z3.ExprRef]) -> z3.BoolRef:
    scale = lcm(*[c.denominator for c in row.values()]) if row else 1
    ints = {v: int(c * scale) for v, c in row.items()}
    pivot = next(v for v in pivot_first + sorted(ints) if v in ints and v)
    k = ints.pop(pivot)
    if k < 0:
        k = -k
        ints = {v: -c for v, c in ints.items()}
    lhs = sorts[pivot] if k == 1 else k * sorts[pivot]
    terms = []
    for v, c in ints.items():
        if v == "":
            continue
        terms.append((-c) * sorts[v] if -c != 1 else sorts[v])
    const = -ints.get("", 0)
    rhs = (terms[0] if len(terms) == 1 else z3.Sum(terms)) if terms else None
    if const:
        rhs = rhs + const if rhs is not None else z3.IntVal(const)
    return lhs == (rhs if rhs is not None else z3.IntVal(0))


def readable(e: z3.BoolRef, order: list[str], timeout_ms: int = 500) -> z3.BoolRef:
    """A simpler formula equivalent to `e` (or `e` itself when none is confirmed):
    disjuncts implied by the others dropped, bounds merged into equalities,
    linear equalities solved for the variables earliest in `order`."""
    try:
        e = z3.simplify(e)
        consts = {str(c): c for c in _constants(e)}
        parts = list(e.children()) if z3.is_app_of(e, z3.Z3_OP_OR) else [e]
        i = 0
        while len(parts) > 1 and i < len(parts):
            others = parts[:i] + parts[i + 1:]
            if _valid(z3.Implies(parts[i], z3.Or(others)), timeout_ms):
                parts = others
            else:
                i += 1
        candidate = z3.Or([_conjunction(p, order, consts, timeout_ms) for p in parts]) if len(parts) > 1 \
            else _conjunction(parts[0], order, consts, timeout_ms)
        return candidate if _valid(candidate == e, timeout_ms) else e
    except z3.Z3Exception:
        return e


def _valid(f: z3.BoolRef, timeout_ms: int) -> bool:
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    solver.add(z3.Not(f))
    return solver.check() == z3.unsat


def _conjunction(e: z3.BoolRef, order: list[str], consts: dict[str, z3.ExprRef], timeout_ms: int) -> z3.BoolRef:
    goal = z3.Goal()
    goal.add(e)
    result = z3.TryFor(z3.Then("simplify", "propagate-ineqs"), timeout_ms)(goal)
    if len(result) != 1:
        return e
    rows, rest = [], []
    for c in result[0]:
        row = _equation(c)
        if row is not None and all(v == "" or v in consts for v in row):
            rows.append(row)
        else:
            rest.append(c)
    pivots = [v for v in order if v in consts]
    eqs = [_row_expr(r, pivots, consts) for r in _rref(rows, order) if any(v for v in r)]
    i = 0
    while i < len(rest):  # drop facts the others imply
        others = eqs + rest[:i] + rest[i + 1:]
        if _valid(z3.Implies(z3.And(*others), rest[i]), timeout_ms):
            rest.pop(i)
        else:
            i += 1
    return z3.And(*eqs, *rest) if len(eqs) + len(rest) > 1 else (eqs + rest + [z3.BoolVal(True)])[0]


def _constants(e: z3.ExprRef) -> list[z3.ExprRef]:
    seen: dict[int, z3.ExprRef] = {}
    stack = [e]
    while stack:
        x = stack.pop()
        if z3.is_const(x) and x.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            seen.setdefault(x.get_id(), x)
        elif z3.is_app(x):
            stack.extend(x.children())
    return list(seen.values())
