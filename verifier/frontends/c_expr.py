"""Lowering of C expressions to typed IR.

`ExprLowerer` turns expression subtrees of `grammars/c.lark` into IR
expressions, emitting their side effects (assignments, ++/--, calls,
nondeterministic values, short-circuit and ternary branches with effects)
as statements into `self.out`, left to right, before the statement that uses
the value. Invariants of its output:

- every `Binary` operand has the operation's type (`Cast` nodes make C's
  promotions and usual arithmetic conversions explicit), comparisons and
  logical operators are `BOOL`, a truth value used as an int is a `Cast`;
- a `Call` is only ever the whole value of an `Assign` (whose target has the
  call's type) or of an `ExprStmt`; other calls are stored in a temporary
  first. A `Nondet` is only the value (possibly under a `Cast`) of an
  `Assign`/`ExprStmt`, or a whole condition;
- temporaries are named ``$tmp#N`` (``$`` cannot start a C name);
- `loc` is the construct's position; an arithmetic `Binary`/`neg` that is the
  whole value of an assignment, initialiser or call argument (no conversion in
  between) gets the position of the ``=``, the declarator or the callee, as
  GCC's UBSan reports its overflow there.
"""

from __future__ import annotations

import re

from lark import Token, Tree

from ..ir import (BOOL, Assert, Assign, Assume, Binary, Call, Cast, Const, Expr, ExprStmt, If,
                  Ite, Loc, Nondet, Unary, Var)
from .c_base import NO_POINTERS, Val
from .c_memory import Place, decode_chars
from .c_calls import CallLowerer
from .c_operand_effects import effects, target_effects
from .c_pointers import ALLOCATORS
from .c_types import (BOOL_T, CHAR, INT, LLONG, LONG, SCHAR, SHORT, UCHAR, UINT, ULLONG, ULONG,
                      USHORT, CArray, CInt, c_size, fold, literal_type)

__all__ = ["ExprLowerer", "NONDET_TYPES", "BUILTIN_FUNCTIONS"]

#: __VERIFIER_nondet_X suffix -> C type of the value
NONDET_TYPES: dict[str, CInt] = {
    "int": INT, "uint": UINT, "unsigned": UINT, "long": LONG, "ulong": ULONG,
    "longlong": LLONG, "ulonglong": ULLONG, "short": SHORT, "ushort": USHORT,
    "char": CHAR, "schar": SCHAR, "uchar": UCHAR, "bool": BOOL_T, "_Bool": BOOL_T,
    "size_t": ULONG, "ssize_t": LONG, "loff_t": LONG, "sector_t": ULONG,
    "u8": UCHAR, "u16": USHORT, "u32": UINT, "u64": ULLONG,
    "s8": CHAR, "s16": SHORT, "s32": INT, "s64": LLONG,
}
_ASSERTS = ("__VERIFIER_assert", "assert")
_ASSUMES = ("__VERIFIER_assume", "assume")
_ERRORS = ("reach_error", "__VERIFIER_error")
_EXITS = ("abort", "exit")
#: functions with a built-in meaning; a definition of one of them in the file is ignored
BUILTIN_FUNCTIONS = frozenset(_ASSERTS + _ASSUMES + _ERRORS + _EXITS
                              + tuple(f"__VERIFIER_nondet_{s}" for s in NONDET_TYPES))

_ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod", "<<": "shl",
          ">>": "shr", "&": "band", "|": "bor", "^": "bxor"}
_COMPARE = {"==": "eq", "!=": "ne", "<": "lt", ">": "gt", "<=": "le", ">=": "ge"}

class ExprLowerer(CallLowerer):
    """Expressions of one function body (or of the file scope: no `out` there)."""

    # ------------------------------------------------------------ dispatch

    def expr(self, tree: Tree, ctx: str | None = None) -> Val:
        """Lower an expression. `ctx`: None (value used inside an expression),
        "discard" (expression statement), "assign" (whole right-hand side),
        "cond" (whole condition)."""
        method = getattr(self, f"_e_{tree.data}", None)
        if method is None:
            raise self.unsupported(tree, f"unsupported construct: {tree.data} '{self.text(tree)}'")
        return method(tree, ctx)

    def _e_designated(self, tree: Tree, ctx) -> Val:
        raise self.unsupported(tree, f"unsupported construct: designated initialiser '{self.text(tree)}'")

    def _e_stmt_expr(self, tree: Tree, ctx) -> Val:
        raise self.unsupported(tree, f"unsupported construct: GNU statement expression '{self.text(tree)}'")

    def _e_compound_literal(self, tree: Tree, ctx) -> Val:
        raise self.unsupported(tree, f"unsupported construct: compound literal '{self.text(tree)}'")

    def _e_var(self, tree: Tree, ctx) -> Val:
        tok = tree.children[0]
        name = str(tok)
        entry = self.lookup(name)
        if entry is None:
            if name in self.unit.sigs or name in BUILTIN_FUNCTIONS:
                raise self.unsupported(tok, f"unsupported construct: function '{name}' used as a value "
                                       f"{NO_POINTERS}")
            if name in ("__func__", "__FUNCTION__", "__PRETTY_FUNCTION__"):
                raise self.unsupported(tok, f"unsupported construct: string '{name}' "
                                       "(the C subset has no strings)")
            raise self.error(tok, f"'{name}' undeclared")
        kind = entry[0]
        if kind == "unsupported":  # a file-scope declaration outside the subset
            raise self.unsupported(tok, entry[1])
        if kind == "const":
            return Val(Const(entry[1], self.T.ir(INT), self.loc(tok)), INT)
        if kind in ("array", "garray"):
            raise self.unsupported(tok, f"unsupported construct: array '{name}' used as a value "
                                   "(only its elements a[i] and sizeof are supported)")
        if kind == "pointer":
            if ctx == "cond":
                return Val(self.truth_of(tree), INT)
            raise self.unsupported(tok, f"unsupported construct: pointer '{name}' used as a value "
                                   "(only *p, p[i], comparisons and assignments of pointers are supported)")
        if kind == "struct":
            what = "struct pointer" if entry[4] else "struct"
            raise self.unsupported(tok, f"unsupported construct: {what} '{name}' used as a value "
                                   "(only its fields, assignment of a whole struct and sizeof are supported)")
        if kind in ("var", "global"):
            if kind == "global":
                self.globals_read.setdefault(entry[1], self.loc(tok))
            return Val(Var(entry[1], self.T.ir(entry[2]), self.loc(tok)), entry[2])
        raise self.error(tok, f"'{name}' is a type, not a value")

    def _e_int_lit(self, tree: Tree, ctx) -> Val:
        tok = tree.children[0]
        m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|[0-9]+)([uUlL]*)", str(tok))
        assert m is not None
        digits, suffix = m.groups()
        if len(digits.lstrip("0xX")) > 40:  # wider than any C type (and too long for int())
            raise self.unsupported(tok, f"unsupported construct: integer constant '{tok}' is too "
                                   "large for any integer type")
        if digits[0] == "0" and digits[:2] not in ("0x", "0X") and re.search("[89]", digits):
            raise self.error(tok, f"invalid digit in octal constant '{tok}'")
        if digits[:2] in ("0x", "0X"):
            value, decimal = int(digits, 16), False
        elif digits != "0" and digits.startswith("0"):
            value, decimal = int(digits, 8), False
        else:
            value, decimal = int(digits), True
        t = literal_type(suffix, decimal, value, self.T.data_model)
        if t is None:
            raise self.unsupported(tok, f"unsupported construct: integer constant '{tok}' is too "
                                   "large for any integer type")
        return Val(Const(value, self.T.ir(t), self.loc(tok)), t)

    def _e_char_lit(self, tree: Tree, ctx) -> Val:
        tok = tree.children[0]
        chars = decode_chars(str(tok)[1:-1])
        if chars is None or len(chars) != 1:
            raise self.unsupported(tok, f"unsupported construct: character constant {tok} "
                                   "(one character or escape sequence expected)")
        value = chars[0] - 256 if chars[0] > 127 else chars[0]  # char is signed
        return Val(Const(value, self.T.ir(INT), self.loc(tok)), INT)

    def _e_float_lit(self, tree: Tree, ctx) -> Val:
        raise self.unsupported(tree, f"unsupported construct: floating-point constant '{self.text(tree)}' "
                               "(the C subset has integers only)")

    def _e_string_lit(self, tree: Tree, ctx) -> Val:
        raise self.unsupported(tree, f"unsupported construct: string literal {self.text(tree)} used as "
                               "a value (only as a char array's initialiser or sizeof's operand)")


    # ------------------------------------------------------------ operators

    def _e_binop(self, tree: Tree, ctx) -> Val:
        left, op_tok, right = tree.children
        if str(op_tok) == "-" and self.is_pointer(left) and self.is_pointer(right):
            return self.pointer_difference(tree, left, right, self.loc(op_tok))
        a, b = self.operands(left, right)
        return self.arith(_ARITH[str(op_tok)], a, b, self.loc(op_tok))

    def operands(self, left: Tree, right: Tree) -> tuple[Val, Val]:
        """The values of two operands that C may evaluate in either order
        (see `check_pure_operands_first`)."""
        start = len(self.out)
        a = self.value(self.expr(left), left)
        middle = len(self.out)
        b = self.value(self.expr(right), right)
        spans = [(start, middle, a.expr), (middle, len(self.out), b.expr)]
        self.refuse_clashing_operands(spans)
        self.check_pure_operands_first(start, spans)
        return a, b

    def arith(self, op: str, a: Val, b: Val, loc: Loc) -> Val:
        """`a op b` with C's conversions (shifts promote each side on its own)."""
        assert a.ctype is not None and b.ctype is not None
        if op in ("shl", "shr"):
            t = self.T.promote(a.ctype)
            right = self.conv(b, self.T.promote(b.ctype))
        else:
            t = self.T.usual(a.ctype, b.ctype)
            right = self.conv(b, t)
        left = self.conv(a, t)
        ty = self.T.ir(t)
        if isinstance(left, Const) and isinstance(right, Const):
            value = _fold_safely(op, left.value, right.value, ty)
            if value is not None:
                return Val(Const(value, ty, loc), t)
        return Val(Binary(op, left, right, ty, loc), t)

    def _e_compare(self, tree: Tree, ctx) -> Val:
        left, op_tok, right = tree.children
        if self.is_pointer(left) or self.is_pointer(right):
            if not self.is_pointer(left):
                left, right = right, left
                op_tok = Token(op_tok.type, {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(str(op_tok), str(op_tok)))
            return Val(self.pointer_compare(_COMPARE[str(op_tok)], left, right, self.loc(tree)), INT)
        a, b = self.operands(left, right)
        assert a.ctype is not None and b.ctype is not None
        t = self.T.usual(a.ctype, b.ctype)
        e: Expr = Binary(_COMPARE[str(op_tok)], self.conv(a, t), self.conv(b, t), BOOL,
                         self.loc(op_tok))
        # an operand `arith` left unfolded may fail a check (`(-2 << 0) <= 0`): not folded away with it
        value = fold(e) if isinstance(e.left, Const) and isinstance(e.right, Const) else None
        return Val(Const(value, BOOL, e.loc) if value is not None else e, INT)

    def _e_logic(self, tree: Tree, ctx) -> Val:
        left, op_tok, right = tree.children
        op = "land" if str(op_tok) == "&&" else "lor"
        loc = self.loc(op_tok)
        a = self.truth_of(left)
        pre, b = self.capture(lambda: self.truth_of(right))
        if not pre:
            return Val(Binary(op, a, b, BOOL, loc), INT)
        tmp = self.temp(None, loc, boolean=True)
        self.out.append(Assign(tmp.name, a, loc))
        guard = tmp if op == "land" else Unary("not", tmp, BOOL, loc)
        self.out.append(If(guard, pre + [Assign(tmp.name, b, loc)], [], loc))
        return Val(tmp, INT)

    def _e_ternary(self, tree: Tree, ctx) -> Val:
        cond, q_tok, then, other = tree.children
        loc = self.loc(q_tok)
        c = self.T.truth(self.value(self.expr(cond, "cond"), cond).expr)
        sub = "discard" if ctx == "discard" else None
        pre_a, a = self.capture(lambda: self.expr(then, sub))
        pre_b, b = self.capture(lambda: self.expr(other, sub))
        if (a.expr is None) != (b.expr is None) and ctx != "discard":
            raise self.error(tree, "one branch of '?:' is void and the other is not")
        if ctx == "discard" or a.expr is None:
            pre_a += self.effects(a, loc)
            pre_b += self.effects(b, loc)
            if pre_a or pre_b:
                self.out.append(If(c, pre_a, pre_b, loc))
            return Val(None, None)
        assert a.ctype is not None and b.ctype is not None
        t = self.T.usual(a.ctype, b.ctype)
        ea, eb = self.conv(a, t), self.conv(b, t)
        if not pre_a and not pre_b:
            if isinstance(c, Const):
                return Val(ea if c.value else eb, t)
            return Val(Ite(c, ea, eb, self.T.ir(t), loc), t)
        tmp = self.temp(t, loc)
        self.out.append(If(c, pre_a + [Assign(tmp.name, ea, loc)],
                           pre_b + [Assign(tmp.name, eb, loc)], loc))
        return Val(tmp, t)

    def _e_comma(self, tree: Tree, ctx) -> Val:
        left, _, right = tree.children
        v = self.expr(left, "discard")
        self.out += self.effects(v, self.loc(left))
        return self.expr(right, ctx)

    def _e_unop(self, tree: Tree, ctx) -> Val:
        op_tok, arg = tree.children
        op, loc = str(op_tok), self.loc(op_tok)
        subscript = self.as_subscript(tree)
        if subscript is not None:
            return self._e_index(subscript, ctx)
        if op == "*" and self.is_pointer(arg):
            pointer = self.pointer_value(arg)  # once: `*p++` moves `p`
            return Val(self.deref_place(pointer, loc, self.text(tree)).current, pointer.elem)
        if op == "!" and self.is_pointer(arg):
            return Val(Unary("not", self.truth_of(arg), BOOL, loc), INT)
        if op == "*":
            raise self.unsupported(tree, f"unsupported construct: pointer dereference "
                                   f"'{self.text(tree)}' {NO_POINTERS}")
        if op == "&":
            raise self.unsupported(tree, f"unsupported construct: address-of '{self.text(tree)}' "
                                   f"{NO_POINTERS}")
        v = self.value(self.expr(arg), arg)
        assert v.ctype is not None
        if op == "!":
            c = self.T.truth(v.expr)
            if isinstance(c, Const):
                return Val(Const(1 - c.value, BOOL, loc), INT)
            return Val(Unary("not", c, BOOL, loc), INT)
        t = self.T.promote(v.ctype)
        e = self.conv(v, t)
        if op == "+":
            return Val(e, t)
        ty = self.T.ir(t)
        if isinstance(e, Const):
            value = -e.value if op == "-" else ~e.value
            if ty.min is None or ty.min <= value <= ty.max:
                return Val(Const(value, ty, loc), t)
            if op == "~" or not ty.signed:
                return Val(Const(ty.wrap(value), ty, loc), t)
        return Val(Unary("neg" if op == "-" else "bnot", e, ty, loc), t)

    def _e_cast(self, tree: Tree, ctx) -> Val:
        type_name, arg = tree.children
        t = self.type_name(type_name)
        if t is None:  # (void) e: evaluated for its effects only
            v = self.expr(arg, "discard")
            self.out += self.effects(v, self.loc(tree))
            return Val(None, None)
        v = self.value(self.expr(arg, ctx if ctx == "assign" else None), arg)
        if isinstance(v.expr, Call) and v.ctype != t:
            v = self.hoist(v, v.expr.loc)
        return Val(self.conv(v, t, self.loc(tree)), t)

    def _e_sizeof_type(self, tree: Tree, ctx) -> Val:
        specs, *rest = tree.children[1].children
        _, t = self.decl_specs(specs)
        declarator = rest[0] if rest else None
        if t is None and declarator is None:
            raise self.unsupported(tree, "unsupported construct: sizeof(void)")
        base = c_size(t, self.pointer_bytes()) if t is not None else 1
        if declarator is not None:
            return self.sized(self.declarator_bytes(declarator, base), tree)
        return self.sized(base, tree)

    def _e_sizeof_expr(self, tree: Tree, ctx) -> Val:
        operand = tree.children[1]
        if operand.data == "var" and str(operand.children[0]) in self.stack_arrays:
            raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' of a variable-length array")
        nbytes = self.array_bytes(tree.children[1])
        if nbytes is None:
            nbytes = self.struct_bytes(tree.children[1])
        if nbytes is None and self.pointer_entry(tree.children[1]) is not None:
            nbytes = self.pointer_bytes()
        if nbytes is not None:
            return self.sized(nbytes, tree)
        _, v = self.capture(lambda: self.value(self.expr(tree.children[1]), tree))
        assert v.ctype is not None
        return self._sizeof(v.ctype, tree)

    def _sizeof(self, t: CInt, tree: Tree) -> Val:
        size_t = self.T.sized(ULONG)
        return Val(Const(t.bits // 8, self.T.ir(size_t), self.loc(tree)), size_t)

    # -------------------------------------------------- assignments, ++ and --

    def lvalue(self, tree: Tree) -> Place:
        """The variable or array element an assignment or ++/-- writes."""
        return self.place(tree, self._scalar_lvalue)

    def _scalar_lvalue(self, tree: Tree) -> tuple[str, CInt, Loc]:
        if tree.data == "member":
            name, t = self.member(tree)
            if not isinstance(t, CInt):
                what = "an array" if isinstance(t, CArray) else "a struct"
                raise self.error(tree, f"assignment to '{self.text(tree)}', which is {what} field")
            self.note_global(name, True, self.loc(tree))
            return name, t, self.loc(tree)
        if tree.data != "var":
            what = {"member": "struct member"}.get(str(tree.data))
            if tree.data == "unop" and str(tree.children[0]) == "*":
                what = "pointer target"
            if what:
                raise self.unsupported(tree, f"unsupported construct: assignment to {what} "
                                       f"'{self.text(tree)}'")
            raise self.error(tree, f"'{self.text(tree)}' is not assignable")
        tok = tree.children[0]
        entry = self.lookup(str(tok))
        if entry is not None and entry[0] in ("array", "garray"):
            if entry[2].pointer:
                raise self.unsupported(tok, f"unsupported construct: pointer arithmetic on '{tok}' "
                                       "(a pointer parameter is only indexed: p[i], *p, *(p + i))")
            raise self.error(tok, f"assignment to array '{tok}' (an array is not assignable)")
        if entry is None or entry[0] not in ("var", "global"):
            self._e_var(tree, None)  # raises the right error
            raise self.error(tok, f"'{tok}' is not assignable")
        if entry[0] == "global":
            self.globals_written.setdefault(entry[1], self.loc(tok))
        return entry[1], entry[2], self.loc(tok)

    def _e_assign(self, tree: Tree, ctx) -> Val:
        lhs, op_tree, rhs = tree.children
        op_tok = op_tree.children[0]
        op = str(op_tok)
        whole = self.struct_place(lhs) if lhs.data in ("var", "member", "index", "unop") else None
        if whole is not None:
            if op != "=":
                raise self.error(op_tok, f"invalid operands to '{op}' (a struct)")
            self.out += self.struct_copy(whole, rhs, self.loc(op_tok))
            if ctx != "discard":
                raise self.unsupported(tree, "unsupported construct: the value of a struct assignment")
            return Val(None, None)
        pointer = self.pointer_entry(lhs)
        if pointer is not None:
            return self._pointer_assign(pointer, op_tok, rhs, tree, ctx)
        if lhs.data == "member" and self.pointer_field(lhs) is not None:
            if op != "=":
                raise self.unsupported(tree, f"unsupported construct: '{op}' on the pointer field '{self.text(lhs)}'")
            self.assign_pointer_field(lhs, rhs, self.loc(op_tok))
            if ctx != "discard":
                raise self.unsupported(tree, "unsupported construct: the value of a pointer assignment")
            return Val(None, None)
        start = len(self.out)
        place = self.lvalue(lhs)
        middle = len(self.out)
        t = place.ctype
        if op == "=":
            v = self.value(self.expr(rhs, "assign" if place.is_variable else None), rhs)
            if isinstance(v.expr, Call) and v.ctype != t:
                v = self.hoist(v, v.expr.loc)
            value = self.anchored(self.conv(v, t), v.expr, self.loc(op_tok))
        else:
            v = self.value(self.expr(rhs), rhs)
            value = self.conv(self.arith(_ARITH[op[:-1]], Val(place.current, t), v, self.loc(op_tok)), t)
        # the target's checks (`*p`, `p[i]`) come first in the IR, but C may compute the value first
        computed = value if op == "=" else v.expr  # `x op= v` reads the target first: only `v` can go before it
        spans = [(start, middle, None), (middle, len(self.out), computed)]
        self.refuse_clashing_operands(spans, [target_effects(self.out[start:middle], place.current, place.index,
                                                             op != "="), effects(self.out[middle:], v.expr)])
        self.check_pure_operands_first(start, spans)
        self.out.append(place.assign(value))
        if not place.is_variable and ctx == "discard":
            return Val(None, None)  # the element is not read again
        return Val(place.current, t)

    def _pointer_assign(self, entry: tuple, op_tok: Token, rhs: Tree, tree: Tree, ctx) -> Val:
        """``p = q``, ``p += k``, ``p -= k`` of a pointer variable."""
        _, obj, off, elem = entry
        op, at = str(op_tok), self.loc(op_tok)
        if op == "=":
            value = self.pointer_value(rhs, elem)
        elif op in ("+=", "-="):
            base = Tree("var", [Token("IDENTIFIER", tree.children[0].children[0])], tree.meta)
            value = self.pointer_value(Tree("binop", [base, Token("PLUS", op[0]), rhs], tree.meta))
        else:
            raise self.error(op_tok, f"invalid operands to '{op}' (a pointer)")
        self.assign_pointer(obj, off, elem, value, at, rhs)
        if ctx != "discard":
            raise self.unsupported(tree, "unsupported construct: the value of a pointer assignment")
        return Val(None, None)

    def _e_preinc(self, tree: Tree, ctx) -> Val:
        op_tok, target = tree.children
        return self._incdec(target, op_tok, post=False, ctx=ctx)

    def _e_postinc(self, tree: Tree, ctx) -> Val:
        target, op_tok = tree.children
        return self._incdec(target, op_tok, post=True, ctx=ctx)

    def _incdec(self, target: Tree, op_tok: Token, post: bool, ctx) -> Val:
        pointer = self.pointer_entry(target)
        if pointer is not None:
            one = Tree("int_lit", [Token("INT_LIT", "1")], target.meta)
            sign = Token("ASSIGN_OP", "+=" if str(op_tok) == "++" else "-=")
            return self._pointer_assign(pointer, sign, one, Tree("assign", [target], target.meta), ctx)
        place = self.lvalue(target)
        t = place.ctype
        loc = self.loc(op_tok)
        current = Val(place.current, t)
        result = current
        if post and ctx != "discard":
            result = self.hoist(current, loc)
        elif not place.is_variable:
            current = self.hoist(current, loc)  # the element is read (and checked) once
        one = Val(Const(1, self.T.ir(INT), loc), INT)
        new = self.arith("add" if str(op_tok) == "++" else "sub", current, one, loc)
        self.out.append(place.assign(self.conv(new, t)))
        if not place.is_variable and ctx == "discard":
            return Val(None, None)  # the element is not read again
        return result

    # ----------------------------------------------------------------- calls

    def _e_call(self, tree: Tree, ctx) -> Val:
        callee, *args = tree.children
        args = [a for a in args if a is not None]
        if callee.data != "var":
            raise self.unsupported(tree, f"unsupported construct: call through an expression "
                                   f"'{self.text(tree)}' {NO_POINTERS}")
        tok = callee.children[0]
        name, loc = str(tok), self.loc(tok)
        entry = self.lookup(name)
        if entry is not None and entry[0] == "unsupported":
            raise self.unsupported(tok, entry[1])
        if entry is not None and entry[0] != "func":
            raise self.error(tok, f"'{name}' is not a function")
        if name in BUILTIN_FUNCTIONS or name == "__assert_fail":
            return self._builtin(name, tree, args, loc, ctx)
        if name == "__builtin_expect" and entry is None and name not in self.unit.sigs:
            return self._expect(tree, args)
        sig = self.unit.sigs.get(name)
        if self.is_block_call(name):
            return self.block_call(name, tree, args, loc, ctx)
        if name in ("free",) + ALLOCATORS and (sig is None or not sig.defined):
            if name != "free":
                raise self.unsupported(tree, f"unsupported construct: '{self.text(tree)}' other than as the value "
                                       "of a pointer variable")
            if len(args) != 1:
                raise self.error(tree, f"'free' takes 1 argument(s), {len(args)} given")
            self.free(args[0], loc)
            return Val(None, None)
        if sig is None or not sig.defined:
            if name in ("unknown", "nondet") and not args:
                declared = sig.ret if sig is not None and sig.ret is not None else None
                if declared is not None and not declared.is_bool:  # `extern long nondet(void);`: any long
                    return self._nondet(Val(Nondet(self.T.ir(declared), name, loc), declared), loc, ctx)
                # An undeclared `unknown()` is a nondet bool only as a whole condition (where only its
                # truth matters); as a value it is any int, as C's implicit declaration returns int.
                as_bool = name == "unknown" and ctx == "cond"
                e = Nondet(BOOL, name, loc) if as_bool else Nondet(self.T.ir(INT), name, loc)
                return self._nondet(Val(e, INT), loc, ctx)
            if name.startswith("__VERIFIER_nondet_"):
                raise self.unsupported(tok, f"unsupported construct: {name}() (the C subset has "
                                       "integer nondeterministic values only)")
            raise self.unsupported(tok, f"call to undefined function {name}")
        if self.inlines(name, args):
            return self.inlined_value(name, args, loc)  # its result is a variable of its own
        self.calls.setdefault(name, loc)
        if sig.params is None:
            raise self.unsupported(tok, f"call to unsupported function {name}")
        if len(args) != len(sig.params):
            raise self.error(tok, f"function '{name}' takes {len(sig.params)} argument(s), "
                             f"{len(args)} given")
        lowered = self.call_arguments(name, sig, args, loc)
        ret_ir = self.T.ir(sig.ret) if sig.ret is not None else self.T.ir(INT)
        call = Call(name, tuple(lowered), ret_ir, loc)
        if sig.ret is None:
            if ctx == "discard":
                return Val(call, None)
            self.out.append(ExprStmt(call, loc))
            return Val(None, None)
        v = Val(call, sig.ret)
        return v if ctx in ("discard", "assign") else self.hoist(v, loc)

    def _expect(self, tree: Tree, args: list[Tree]) -> Val:
        """GCC's `__builtin_expect(e, c)`: the value of `e` as a `long` (`c` is a hint)."""
        if len(args) != 2:
            raise self.error(tree, f"'__builtin_expect' takes 2 argument(s), {len(args)} given")
        v = self.value(self.expr(args[0]), args[0])
        self.value(self.expr(args[1]), args[1])
        t = self.T.sized(LONG)
        return Val(self.conv(v, t), t)

    def _nondet(self, v: Val, loc: Loc, ctx) -> Val:
        return v if ctx in ("discard", "assign", "cond") else self.hoist(v, loc)

    def _builtin(self, name: str, tree: Tree, args: list[Tree], loc: Loc, ctx) -> Val:
        def arity(n: int) -> None:
            if len(args) != n:
                raise self.error(tree, f"'{name}' takes {n} argument(s), {len(args)} given")
        if name.startswith("__VERIFIER_nondet_"):
            arity(0)
            t = self.T.sized(NONDET_TYPES[name[len("__VERIFIER_nondet_"):]])
            if t.is_bool:
                e: Expr = Cast(Nondet(BOOL, name, loc), self.T.ir(t), loc)
            else:
                e = Nondet(self.T.ir(t), name, loc)
            return self._nondet(Val(e, t), loc, ctx)
        if name in _ASSERTS or name in _ASSUMES:
            arity(1)
            v = self.value(self.expr(args[0], "cond"), args[0])
            if name.startswith("__VERIFIER") and v.expr.type != BOOL:
                v = Val(self.conv(v, INT), INT)  # its parameter is an int
            cond = self.T.truth(v.expr)
            if name in _ASSERTS:
                self.out.append(Assert(cond, "assert", self.text(args[0]), loc))
            else:
                self.out.append(Assume(cond, loc))
        elif name in _ERRORS:
            arity(0)
            self.out.append(Assert(Const(0, BOOL, loc), "assert", f"{name}()", loc))
        elif name == "__assert_fail":
            first = args[0] if args else None
            text = name
            if first is not None and first.data == "string_lit":
                text = "".join(str(s)[1:-1] for s in first.children)
            self.out.append(Assert(Const(0, BOOL, loc), "assert", text, loc))
        else:  # abort, exit: the path ends (not an error)
            for arg in args:
                self.out += self.effects(self.expr(arg, "discard"), loc)
            self.out.append(Assume(Const(0, BOOL, loc), loc))
        return Val(None, None)

def _fold_safely(op: str, a: int, b: int, ty) -> int | None:
    """`a op b` when it is defined (no check could fail), else None: folding
    constants must never hide an overflow or a division by zero."""
    bits = ty.bits
    if op in ("div", "mod"):
        if b == 0:
            return None
        q = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
        r = q if op == "div" else a - b * q
    elif op in ("shl", "shr"):
        if b < 0 or (bits is not None and b >= bits) or (op == "shl" and ty.signed and a < 0):
            return None
        r = a << b if op == "shl" else a >> b
    else:
        r = {"add": a + b, "sub": a - b, "mul": a * b, "band": a & b, "bor": a | b,
             "bxor": a ^ b}[op]
    if bits is None or ty.min <= r <= ty.max:
        return r
    return ty.wrap(r) if not ty.signed else None
