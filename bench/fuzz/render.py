"""C and Python text of a fuzz `Program`, one statement per line, fully parenthesised.

With `tick=True` (the oracles' rendering) every while condition of the entry function
starts with a call that counts iterations and spots a repeated state (`oracle_c`,
`oracle_py`), and C expressions pass through optimisation barriers; line numbers do not
move. Helper functions come first (C: after the header), the entry function last."""

from __future__ import annotations

from .program import C_TYPES, Program

#: the competition header of a C program (definitions the C oracle blanks out keep their lines)
C_HEADER = [
    "extern void abort(void);",
    "extern void __assert_fail(const char *, const char *, unsigned int, const char *)"
    " __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));",
    'void reach_error() { __assert_fail("0", "fuzz.c", 3, "reach_error"); }',
    *[f"extern {t} __VERIFIER_nondet_{suffix}(void);" for t, (_, _, suffix) in C_TYPES.items()],
    "extern void __VERIFIER_assume(int);",
    "void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }",
]
C_OPERATORS = {"and": "&&", "or": "||"}
PY_OPERATORS = {"and": "and", "or": "or", "!": "not ", "/": "//"}


def c_text(program: Program, tick: bool = False) -> str:
    lines = list(C_HEADER)
    for _, name, params, ret_type, body, ret in program.helpers:
        lines.append(f"{ret_type} {name}({', '.join(f'{v.c_type} {v.name}' for v in params)}) {{")
        _c_block(body, lines, "  ", False, None, tick)
        lines += [f"  return {_c_text(ret, tick)};", "}"]
    lines.append("int main(void) {")
    for v in program.inputs:
        suffix = C_TYPES[v.c_type][2]
        lines.append(f"  {v.c_type} {v.name} = __VERIFIER_nondet_{suffix}();")
        lo, hi = (_c_const(b, _literal_suffix(b, v.c_type)) for b in v.domain)
        lines.append(f"  __VERIFIER_assume({v.name} >= {lo} && {v.name} <= {hi});")
    for v in program.locals:
        lines.append(f"  {v.c_type} {v.name} = 0;")
    for name, c_type, size in program.arrays:
        lines.append(f"  {c_type} {name}[{size}] = {{0}};")
    loops = iter(range(1, 10_000))
    _c_block(program.body, lines, "  ", tick, loops, tick)
    lines += ["  return 0;", "}"]
    return "\n".join(lines) + "\n"


def py_text(program: Program, tick: bool = False) -> str:
    lines = ["from verifier import assume", "", ""]
    for _, name, params, _, body, ret in program.helpers:
        lines.append(f"def {name}({', '.join(f'{v.name}: int' for v in params)}) -> int:")
        _py_block(body, lines, "    ", False, None, [])
        lines += [f"    return {_py_expr(ret)}", "", ""]
    lines.append(f"def f({', '.join(f'{v.name}: int' for v in program.inputs)}) -> int:")
    for v in program.inputs:
        lines.append(f"    assume({v.domain[0]} <= {v.name} <= {v.domain[1]})")
    for v in program.locals:
        lines.append(f"    {v.name} = 0")
    for name, _, size in program.arrays:
        lines.append(f"    {name} = [{', '.join(['0'] * size)}]")
    loops = iter(range(1, 10_000))
    _py_block(program.body, lines, "    ", tick, loops, [v.name for v in program.variables()])
    lines.append("    return 0")
    return "\n".join(lines) + "\n"


def first_body_line(program: Program, language: str) -> int:
    """The 1-based line of the entry function's first statement (before it: reading inputs)."""
    text = (c_text(program) if language == "c" else py_text(program)).splitlines()
    entry = text.index("int main(void) {") if language == "c" else next(
        i for i, line in enumerate(text) if line.startswith("def f("))
    return entry + 2 + (2 if language == "c" else 1) * len(program.inputs) + len(program.locals) + len(program.arrays)


def _literal_suffix(value: int, c_type: str) -> str:
    bits, signed, _ = C_TYPES[c_type]
    if bits == 64:
        return "L" if signed else "UL"
    if bits == 32 and not signed:
        return "U"
    return ""


def _c_const(value: int, suffix: str) -> str:
    if value == -2**63:
        return "(-9223372036854775807L - 1)"
    return f"({value}{suffix})" if value < 0 else f"{value}{suffix}"


def _c_text(e, opaque: bool = False) -> str:
    """C text of `e`; with `opaque` every variable and operation result passes through
    FUZZ_O (the oracle's optimisation barrier: gcc folds `(_Bool) (x + x)` to `x != 0`
    even at -O0, and the overflow check goes with it)."""
    kind = e[0]
    if kind == "const":  # through the barrier too: gcc folds `9223372036854775807L - (-2)` unchecked
        return f"FUZZ_O({_c_const(e[1], e[2])})" if opaque else _c_const(e[1], e[2])
    if kind == "var":
        text = e[1]
    elif kind in ("bin", "cmp"):
        text = f"({_c_text(e[2], opaque)} {e[1]} {_c_text(e[3], opaque)})"
    elif kind in ("and", "or"):
        text = f"({_c_text(e[1], opaque)} {C_OPERATORS[kind]} {_c_text(e[2], opaque)})"
    elif kind == "un":
        text = f"({e[1]}{_c_text(e[2], opaque)})"
    elif kind == "cast":
        text = f"(({e[1]}) {_c_text(e[2], opaque)})"
    elif kind == "ite":
        text = f"({_c_text(e[1], opaque)} ? {_c_text(e[2], opaque)} : {_c_text(e[3], opaque)})"
    elif kind == "call":
        text = f"{e[1]}({', '.join(_c_text(a, opaque) for a in e[2])})"
    elif kind == "select":
        text = f"{e[1]}[{_c_text(e[2], opaque)}]"
    else:
        raise ValueError(kind)
    return f"FUZZ_O({text})" if opaque else text


def _c_block(body: list, lines: list[str], indent: str, tick: bool, loops, opaque: bool) -> None:
    def _c_expr(e) -> str:
        return _c_text(e, opaque)

    for s in body:
        kind = s[0]
        if kind == "assign" and len(s) > 3 and s[3] == "compound":
            _, op, _, operand = s[2]
            step = {"+": "++", "-": "--"}.get(op) if operand == ("const", 1, "") else None
            lines.append(f"{indent}{s[1]}{step};" if step else f"{indent}{s[1]} {op}= {_c_expr(operand)};")
        elif kind == "assign":
            lines.append(f"{indent}{s[1]} = {_c_expr(s[2])};")
        elif kind == "store":
            lines.append(f"{indent}{s[1]}[{_c_expr(s[2])}] = {_c_expr(s[3])};")
        elif kind == "assert":
            lines.append(f"{indent}__VERIFIER_assert({_c_expr(s[1])});")
        elif kind == "reach":
            lines.append(f"{indent}if (!{_c_expr(s[1])}) {{ reach_error(); }}")
        elif kind == "if":
            lines.append(f"{indent}if ({_c_expr(s[1])}) {{")
            _c_block(s[2], lines, indent + "  ", tick, loops, opaque)
            if s[3]:
                lines.append(f"{indent}}} else {{")
                _c_block(s[3], lines, indent + "  ", tick, loops, opaque)
            lines.append(f"{indent}}}")
        elif kind == "incassign":
            _, target, source, op, post = s
            lines.append(f"{indent}{target} = {source}{op};" if post else f"{indent}{target} = {op}{source};")
        elif kind == "switch":
            lines.append(f"{indent}switch ({_c_expr(s[1])}) {{")
            for value, case_body, falls in s[2]:
                lines.append(f"{indent}case {_c_const(value, '')}:")
                _c_block(case_body, lines, indent + "  ", tick, loops, opaque)
                if not falls:
                    lines.append(f"{indent}  break;")
            if s[3]:
                lines.append(f"{indent}default:")
                _c_block(s[3], lines, indent + "  ", tick, loops, opaque)
            lines.append(f"{indent}}}")
        elif kind == "loop" and s[5] == "do":
            _, counter, bound, cond, body_, _ = s
            lines.append(f"{indent}{counter} = 0;")
            lines.append(f"{indent}do {{")
            _c_block(body_, lines, indent + "  ", tick, loops, opaque)
            lines.append(f"{indent}  {counter} = {counter} + 1;")
            lines.append(f"{indent}}} while ({_tick_c(tick, loops)}{counter} < {bound} && {_c_expr(cond)});")
        elif kind == "loop" and s[5] == "for":
            _, counter, bound, cond, body_, _ = s
            lines.append(f"{indent}for ({counter} = 0; {_tick_c(tick, loops)}{counter} < {bound} && {_c_expr(cond)};"
                         f" {counter}++) {{")
            _c_block(body_, lines, indent + "  ", tick, loops, opaque)
            lines.append(f"{indent}  ;")  # keeps the lines of the while form
            lines.append(f"{indent}}}")
        elif kind == "loop":
            _, counter, bound, cond, body_, _ = s
            lines.append(f"{indent}{counter} = 0;")
            lines.append(f"{indent}while ({_tick_c(tick, loops)}{counter} < {bound} && {_c_expr(cond)}) {{")
            _c_block(body_, lines, indent + "  ", tick, loops, opaque)
            lines.append(f"{indent}  {counter} = {counter} + 1;")
            lines.append(f"{indent}}}")
        elif kind == "while":
            lines.append(f"{indent}while ({_tick_c(tick, loops)}{_c_expr(s[1])}) {{")
            _c_block(s[2], lines, indent + "  ", tick, loops, opaque)
            lines.append(f"{indent}}}")
        else:
            raise ValueError(kind)


def _tick_c(tick: bool, loops) -> str:
    return f"FUZZ_TICK({next(loops)}) && " if tick else ""


def _py_expr(e) -> str:
    kind = e[0]
    if kind == "var":
        return e[1]
    if kind == "const":
        return f"({e[1]})" if e[1] < 0 else str(e[1])
    if kind in ("bin", "cmp"):
        return f"({_py_expr(e[2])} {PY_OPERATORS.get(e[1], e[1])} {_py_expr(e[3])})"
    if kind in ("and", "or"):
        return f"({_py_expr(e[1])} {PY_OPERATORS[kind]} {_py_expr(e[2])})"
    if kind == "un":
        return f"({PY_OPERATORS.get(e[1], e[1])}{_py_expr(e[2])})"
    if kind == "ite":
        return f"({_py_expr(e[2])} if {_py_expr(e[1])} else {_py_expr(e[3])})"
    if kind == "call":
        return f"{e[1]}({', '.join(_py_expr(a) for a in e[2])})"
    if kind == "select":
        return f"{e[1]}[{_py_expr(e[2])}]"
    if kind == "builtin":
        return f"{e[1]}({', '.join(_py_expr(a) for a in e[2])})"
    if kind == "chain":
        return f"({_py_expr(e[2])} {e[1]} {_py_expr(e[3])} {e[4]} {_py_expr(e[5])})"
    if kind == "boolval":
        return f"({_py_expr(e[2])} {e[1]} {_py_expr(e[3])})"
    raise ValueError(f"{kind} has no Python rendering")


def _py_block(body: list, lines: list[str], indent: str, tick: bool, loops, names: list[str]) -> None:
    if not body:
        lines.append(f"{indent}pass")
    for s in body:
        kind = s[0]
        if kind == "assign" and len(s) > 3 and s[3] == "compound":
            _, op, _, operand = s[2]
            lines.append(f"{indent}{s[1]} {PY_OPERATORS.get(op, op)}= {_py_expr(operand)}")
        elif kind == "assign":
            lines.append(f"{indent}{s[1]} = {_py_expr(s[2])}")
        elif kind == "store":
            lines.append(f"{indent}{s[1]}[{_py_expr(s[2])}] = {_py_expr(s[3])}")
        elif kind in ("assert", "reach"):
            lines.append(f"{indent}assert {_py_expr(s[1])}")
        elif kind == "if":
            lines.append(f"{indent}if {_py_expr(s[1])}:")
            _py_block(s[2], lines, indent + "    ", tick, loops, names)
            if s[3]:
                lines.append(f"{indent}else:")
                _py_block(s[3], lines, indent + "    ", tick, loops, names)
        elif kind == "loop" and s[5] == "range":
            _, counter, bound, cond, body_, _ = s
            lines.append(f"{indent}for {counter} in range({bound}):")
            lines.append(f"{indent}    if not {_py_expr(cond)}:")
            lines.append(f"{indent}        break")
            _py_block(body_, lines, indent + "    ", tick, loops, names)
        elif kind == "loop" and s[5] == "do":
            _, counter, bound, cond, body_, _ = s
            lines.append(f"{indent}{counter} = 0")
            lines.append(f"{indent}while True:")
            _py_block(body_, lines, indent + "    ", tick, loops, names)
            lines.append(f"{indent}    {counter} = {counter} + 1")
            test = f"{_tick_py(tick, loops, names)}{counter} < {bound} and {_py_expr(cond)}"
            lines.append(f"{indent}    if not ({test}):")
            lines.append(f"{indent}        break")
        elif kind == "loop":
            _, counter, bound, cond, body_, _ = s
            lines.append(f"{indent}{counter} = 0")
            lines.append(f"{indent}while {_tick_py(tick, loops, names)}{counter} < {bound} and {_py_expr(cond)}:")
            _py_block(body_, lines, indent + "    ", tick, loops, names)
            lines.append(f"{indent}    {counter} = {counter} + 1")
        elif kind == "while":
            lines.append(f"{indent}while {_tick_py(tick, loops, names)}{_py_expr(s[1])}:")
            _py_block(s[2], lines, indent + "    ", tick, loops, names)
        else:
            raise ValueError(kind)


def _tick_py(tick: bool, loops, names: list[str]) -> str:
    return f"_fuzz_tick({next(loops)}, ({', '.join(names)},)) and " if tick else ""
