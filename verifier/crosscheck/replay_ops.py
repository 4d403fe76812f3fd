"""Check the C file's failing operations on their run-time operands, in the harness.

gcc folds some expressions before UBSan instruments them (``x+y == y+x``
becomes 1 even at -O0), so a real overflow can leave no trace in the run.
`operation_edits` rewrites every operation of a supported function that can
fail (``+ - * / % << >>``, unary ``-``, their compound assignments, ``++``,
``--``) into a call of a checking macro that takes the operands' values at
that program point, evaluates each exactly once, checks them with
``__builtin_add_overflow`` and friends (and explicit tests for division by
zero, ``INT_MIN / -1``, ``INT_MIN % -1`` and bad shifts) in the type C's usual
conversions give, and computes the same value the operation would. A failing
check prints ``VERIFY-UB <kind> <line> <line> operands ...``, then does the
operation itself so that UBSan (halting on its first report) can witness it
too, and stops the run. The two lines are where the frontend may locate the
operation: the assignment, declarator or call a whole value belongs to (as
UBSan reports it), and the operator itself.

Only text that is exactly what the parser saw is rewritten: an operation whose
tokens come from a macro expansion, or lie in code the harness blanked, is
left to UBSan, and so is every operation of a file over `MAX_SOURCE_CHARS`.
Constant-expression contexts (``case`` labels, ``sizeof``, ``enum``,
``static`` and file-scope initialisers) are never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from lark import Token, Tree

from verifier import ir

__all__ = ["OPS_PRELUDE", "OPS_HELPER_C", "Edit", "apply_edits", "operation_edits"]

#: larger files are left to UBSan alone: parsing them again would cost the replay its time
MAX_SOURCE_CHARS = 100_000
#: (start, end, replacement, order): `order` breaks ties between edits at the same offset
Edit = tuple[int, int, str, int]

#: the checking macros (GNU C: statement expressions, __auto_type, __typeof__)
OPS_PRELUDE = r"""extern void __verify_ub(const char *, int, int, const char *, int, unsigned long long,
                        unsigned long long);
extern void __verify_ub_stop(void) __attribute__((__noreturn__));
#define __VERIFY_SIGNED(v) ((__typeof__(v))-1 < 0)
/* the largest value of v's signed type, computed without overflow */
#define __VERIFY_MAX(v) ((((__typeof__(v))1 << (sizeof(v) * __CHAR_BIT__ - 2)) - 1) * 2 + 1)
/* report, then do the operation itself so that UBSan can witness it too */
#define __VERIFY_UB(kind, A, B, OP, x, y, value) { \
    __verify_ub(kind, A, B, #OP, __VERIFY_SIGNED(x), (unsigned long long)(x), (unsigned long long)(y)); \
    volatile __typeof__(value) __vs = value; (void)__vs; __verify_ub_stop(); }
#define __VERIFY_ARITH(A, B, a, b, OP, builtin) ({ __auto_type __va = (a); __auto_type __vb = (b); \
    __typeof__(__va OP __vb) __vx = __va, __vy = __vb, __vr; \
    if (builtin(__vx, __vy, &__vr) && __VERIFY_SIGNED(__vr)) \
        __VERIFY_UB("overflow", A, B, OP, __vx, __vy, __vx OP __vy) \
    __vr; })
#define __verify_add(A, B, a, b) __VERIFY_ARITH(A, B, a, b, +, __builtin_add_overflow)
#define __verify_sub(A, B, a, b) __VERIFY_ARITH(A, B, a, b, -, __builtin_sub_overflow)
#define __verify_mul(A, B, a, b) __VERIFY_ARITH(A, B, a, b, *, __builtin_mul_overflow)
#define __VERIFY_DIVISION(A, B, a, b, OP) ({ __auto_type __va = (a); __auto_type __vb = (b); \
    __typeof__(__va OP __vb) __vx = __va, __vy = __vb, __vz; \
    if (__vy == 0) __VERIFY_UB("div-by-zero", A, B, OP, __vx, __vy, __vx OP __vy) \
    if (__VERIFY_SIGNED(__vx) && __vy == (__typeof__(__vy))-1 \
            && __builtin_sub_overflow((__typeof__(__vx))0, __vx, &__vz)) \
        __VERIFY_UB("overflow", A, B, OP, __vx, __vy, __vx OP __vy) \
    __vx OP __vy; })
#define __verify_div(A, B, a, b) __VERIFY_DIVISION(A, B, a, b, /)
#define __verify_mod(A, B, a, b) __VERIFY_DIVISION(A, B, a, b, %)
#define __VERIFY_SHIFT(A, B, a, b, OP, left) ({ __auto_type __va = (a); __auto_type __vb = (b); \
    __typeof__(+__va) __vx = __va; __typeof__(+__vb) __vy = __vb; \
    if (__vy < 0 || (unsigned long long)__vy >= sizeof(__vx) * __CHAR_BIT__) \
        __VERIFY_UB("shift", A, B, OP, __vx, __vy, __vx OP __vy) \
    if (left && __VERIFY_SIGNED(__vx) && (__vx < 0 \
            || __vx > (__VERIFY_MAX(__vx) >> __vy))) \
        __VERIFY_UB("shift", A, B, OP, __vx, __vy, __vx OP __vy) \
    __vx OP __vy; })
#define __verify_shl(A, B, a, b) __VERIFY_SHIFT(A, B, a, b, <<, 1)
#define __verify_shr(A, B, a, b) __VERIFY_SHIFT(A, B, a, b, >>, 0)
#define __verify_neg(A, B, a) ({ __auto_type __va = (a); __typeof__(-__va) __vx = __va, __vz; \
    if (__VERIFY_SIGNED(__vx) && __builtin_sub_overflow((__typeof__(__vx))0, __vx, &__vz)) \
        __VERIFY_UB("overflow", A, B, -, __vx, 0, -__vx) \
    -__vx; })
#define __verify_preinc(A, B, x) ((x) = __verify_add(A, B, (x), 1))
#define __verify_predec(A, B, x) ((x) = __verify_sub(A, B, (x), 1))
#define __verify_postinc(A, B, x) ({ __typeof__(x) __vo = (x); (x) = __verify_add(A, B, __vo, 1); __vo; })
#define __verify_postdec(A, B, x) ({ __typeof__(x) __vo = (x); (x) = __verify_sub(A, B, __vo, 1); __vo; })
"""

#: the runtime half (in the helpers' translation unit)
OPS_HELPER_C = r"""
void __verify_ub(const char *kind, int anchor, int line, const char *op, int is_signed,
                 unsigned long long a, unsigned long long b) {
    if (is_signed)
        fprintf(stderr, "\nVERIFY-UB %s %d %d operands %lld %s %lld\n", kind, anchor, line, (long long)a, op,
                (long long)b);
    else
        fprintf(stderr, "\nVERIFY-UB %s %d %d operands %llu %s %llu\n", kind, anchor, line, a, op, b);
    fflush(stderr);
}

void __verify_ub_stop(void) {
    _exit(72);
}
"""

_BINARY = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod", "<<": "shl", ">>": "shr"}
_COMPOUND = {op + "=": name for op, name in _BINARY.items()}
#: operations the frontend locates at the enclosing assignment when they are its whole value
_ANCHORED = {"add", "sub", "mul", "neg"}
#: subtrees that are constant expressions or never evaluated
_CONSTANT = {"sizeof_expr", "sizeof_type", "enum_spec", "enum_ref"}


def operation_edits(program: ir.Program, kept: str, line_of: Callable[[int], int]) -> list[Edit]:
    """The edits that route each checkable operation of `program`'s supported
    functions through a checking macro. `kept` is the source after the harness
    blanked what it drops (same length); `line_of` maps an offset to its line."""
    if len(program.source) > MAX_SOURCE_CHARS:
        return []
    try:
        tree = _tree(program.source, program.path)
    except Exception:  # the harness still runs with UBSan alone
        return []
    source = program.source
    clean = _clean_spans(tree, source, kept)
    edits: list[Edit] = []
    for node, depth, anchor in _operations(tree, program):
        span = clean.get(id(node))
        if span is None:
            continue
        op_line = line_of(_op_token(node).start_pos)
        anchor_line = line_of(anchor.start_pos) if anchor is not None else op_line
        edits += _rewrite(node, depth, span, anchor_line, op_line, source)
    return edits


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with every edit applied (edits do not overlap; of several at one
    offset, the one with the smallest `order` goes leftmost)."""
    pieces, cursor = [], 0
    for start, end, replacement, _order in sorted(edits, key=lambda e: (e[0], e[1], e[3])):
        pieces += [text[cursor:start], replacement]
        cursor = max(cursor, end, start)
    pieces.append(text[cursor:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def _tree(source: str, path: str) -> Tree:
    from verifier.frontends.c_parse import parse_tree

    return parse_tree(source, path)


def _op_token(node: Tree) -> Token:
    if node.data == "assign":
        return node.children[1].children[0]
    if node.data in ("binop", "postinc"):
        return node.children[1]
    return node.children[0]  # unop, preinc


def _operations(tree: Tree, program: ir.Program) -> Iterator[tuple[Tree, int, Token | None]]:
    """(node, depth, anchor token) of each checkable operation inside the body
    of a supported function, outside constant expressions."""
    stack: list[tuple[object, int, Token | None, bool]] = [(tree, 0, None, False)]
    while stack:
        node, depth, anchor, in_body = stack.pop()
        if not isinstance(node, Tree):
            continue
        kind = node.data
        if kind in _CONSTANT or (kind == "declaration" and _has_storage(node)):
            continue
        children: list[tuple[object, Token | None]] = [(c, None) for c in node.children]
        if kind == "function_def":
            name = _declared_name(node.children[1])
            func = program.functions.get(name or "")
            if func is None or func.unsupported:
                continue
            children = [(node.children[2], None)]
            in_body = True
        elif kind == "case_stmt":
            children = [(node.children[-1], None)]
        elif kind == "init_declarator" and len(node.children) == 3:
            children = [(node.children[2], _declared_token(node.children[0]))]
        elif kind == "assign" and str(_op_token(node)) == "=":
            children = [(node.children[0], None), (node.children[2], _op_token(node))]
        elif kind == "call" and isinstance(node.children[0], Tree) and node.children[0].data == "var":
            callee = node.children[0].children[0]
            children = [(node.children[0], None)] + [(c, callee) for c in node.children[1:]]
        if in_body and _checkable(node):
            yield node, depth, anchor if _op_name(node) in _ANCHORED else None
        stack.extend((child, depth + 1, child_anchor, in_body) for child, child_anchor in reversed(children))


def _op_name(node: Tree) -> str:
    if node.data == "binop":
        return _BINARY.get(str(node.children[1]), "")
    if node.data == "unop":
        return "neg" if str(node.children[0]) == "-" else ""
    if node.data == "assign":
        return _COMPOUND.get(str(_op_token(node)), "")
    if node.data in ("preinc", "postinc"):
        return "inc" if str(_op_token(node)) == "++" else "dec"
    return ""


def _checkable(node: Tree) -> bool:
    name = _op_name(node)
    if not name:
        return False
    if node.data == "unop":
        return not _is(node.children[1], "int_lit")
    if node.data == "assign":
        return _is(node.children[0], "var")
    if node.data == "preinc":
        return _is(node.children[1], "var")
    if node.data == "postinc":
        return _is(node.children[0], "var")
    return True


def _is(node: object, kind: str) -> bool:
    return isinstance(node, Tree) and node.data == kind


def _has_storage(declaration: Tree) -> bool:
    specs = declaration.children[0]
    return isinstance(specs, Tree) and any(_is(s, "storage") for s in specs.children)


def _declared_token(declarator: object) -> Token | None:
    if isinstance(declarator, Token):
        return declarator if declarator.type == "IDENTIFIER" else None
    if isinstance(declarator, Tree):
        for child in declarator.children:
            if (found := _declared_token(child)) is not None:
                return found
    return None


def _declared_name(declarator: object) -> str | None:
    tok = _declared_token(declarator)
    return str(tok) if tok is not None else None


def _clean_spans(tree: Tree, source: str, kept: str) -> dict[int, tuple[int, int]]:
    """(start, end) of every subtree (with the parentheses around its operands)
    whose tokens are all the source's own text at their positions and whose
    text survives in `kept` (bottom-up, without recursion)."""
    clean: dict[int, bool] = {}
    order: list[Tree] = []
    stack: list[Tree] = [tree]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(c for c in node.children if isinstance(c, Tree))
    spans: dict[int, tuple[int, int]] = {}
    for node in reversed(order):
        ok = all(clean[id(c)] if isinstance(c, Tree) else _own_text(c, source) for c in node.children
                 if isinstance(c, (Tree, Token)))
        clean[id(node)] = ok
        if ok and not node.meta.empty:
            start, end = node.meta.start_pos, node.meta.end_pos
            if start < end and kept[start:end] == source[start:end]:
                spans[id(node)] = (start, end)
    return spans


def _own_text(tok: Token, source: str) -> bool:
    """The token is the source's text at its position (not a macro's expansion)."""
    lo, hi = tok.start_pos, tok.end_pos
    return lo is not None and hi is not None and source[lo:hi] == tok.value


def _rewrite(node: Tree, depth: int, span: tuple[int, int], anchor: int, line: int, source: str) -> list[Edit]:
    """The edits for one operation: an opening before it, its operator replaced,
    a closing after it. Openings of outer operations go left of inner ones at
    the same offset, closings of inner ones go left of outer ones."""
    start, end = span
    name = _op_name(node)
    tok = _op_token(node)
    lines = f"{anchor}, {line}"
    if node.data == "binop":
        return [(start, start, f"__verify_{name}({lines}, ", depth), (tok.start_pos, tok.end_pos, ",", 0),
                (end, end, ")", -depth)]
    if node.data == "unop":
        return [(tok.start_pos, tok.end_pos, f"__verify_neg({lines}, ", 0), (end, end, ")", -depth)]
    if node.data == "assign":
        target = source[node.children[0].children[0].start_pos:node.children[0].children[0].end_pos]
        return [(tok.start_pos, tok.end_pos, f"= __verify_{name}({lines}, {target}, ", 0), (end, end, ")", -depth)]
    if node.data == "preinc":
        return [(tok.start_pos, tok.end_pos, f"__verify_pre{name}({lines}, ", 0), (end, end, ")", -depth)]
    return [(start, start, f"__verify_post{name}({lines}, ", depth), (tok.start_pos, tok.end_pos, ")", 0)]
