"""Rewrite the user's C text for the replay harness, keeping every line where it was.

`rewrite_source(program, notes, check_operations)` gives the user's text with
``#include`` lines, user definitions and file-scope declarations of the
built-ins blanked with spaces (newlines kept), calls to the built-ins
rewritten in place to pass the line of the call, `` = __verify_next()`` right
after the identifier of every uninitialised local (``__verify_fill`` of its
elements after the declaration of an array), the values a `goto` past
declarations leaves indeterminate fed where it lands (as the frontend's
`Nondet`s before the jump are read: at the jump, in order), and (with
`check_operations`) every operation that can fail routed through a checking
macro of `replay_ops`; plus what the harness's prelude must declare for it.
Lines and columns are 1-based, as in the IR.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Iterator

from verifier import ir
from verifier.arrays import MAX_SHOWN
from verifier.irutil import display_name
from verifier.crosscheck.replay_ops import Edit, apply_edits, operation_edits
from verifier.sequencing import is_order_probe

__all__ = ["FAILING", "ASSUMING", "UserSource", "c_type", "rewrite_source"]

#: built-ins that fail with the line of their call: name -> takes a condition
FAILING = {"assert": True, "__VERIFIER_assert": True, "reach_error": False, "__VERIFIER_error": False,
           "__assert_fail": False}
#: built-ins that cut an infeasible run short
ASSUMING = {"assume", "__VERIFIER_assume"}
#: SV-COMP nondet functions and their C return types
_NONDET_TYPES = {
    "__VERIFIER_nondet_int": "int",
    "__VERIFIER_nondet_uint": "unsigned int",
    "__VERIFIER_nondet_unsigned": "unsigned int",
    "__VERIFIER_nondet_long": "long",
    "__VERIFIER_nondet_ulong": "unsigned long",
    "__VERIFIER_nondet_longlong": "long long",
    "__VERIFIER_nondet_ulonglong": "unsigned long long",
    "__VERIFIER_nondet_short": "short",
    "__VERIFIER_nondet_ushort": "unsigned short",
    "__VERIFIER_nondet_char": "char",
    "__VERIFIER_nondet_schar": "signed char",
    "__VERIFIER_nondet_uchar": "unsigned char",
    "__VERIFIER_nondet_bool": "_Bool",
    "__VERIFIER_nondet__Bool": "_Bool",
    "__VERIFIER_nondet_size_t": "unsigned long",
    "__VERIFIER_nondet_u8": "unsigned char",
    "__VERIFIER_nondet_u16": "unsigned short",
    "__VERIFIER_nondet_u32": "unsigned int",
    "__VERIFIER_nondet_u64": "unsigned long long",
}
_TYPE_WORDS = frozenset(
    "void char short int long float double signed unsigned _Bool bool const volatile "
    "static register extern auto typedef struct union enum inline restrict".split()
)
#: headers whose content (macros, typedefs) user code may rely on without risk
_SAFE_HEADERS = ("limits.h", "stdbool.h", "stdint.h", "stddef.h")


@dataclasses.dataclass(frozen=True)
class UserSource:
    """The rewritten text (`body`) and what the prelude must provide for it:
    the harmless `includes` to restore, the functions the user really defines
    (`user_functions`, never redefined by the harness), the nondet functions
    to define (`nondets`: name -> C type) and every identifier of the text (`words`)."""

    body: str
    includes: list[str]
    user_functions: set[str]
    nondets: dict[str, str]
    words: set[str]


def rewrite_source(program: ir.Program, notes: list[str], check_operations: bool = False) -> UserSource:
    """The user's text rewritten for the harness (see the module docstring);
    what cannot be fed (an uninitialised local not found) is told in `notes`."""
    src = _Source(program.source)
    user = _user_functions(program, src)
    spans = [(src.offset(a, b), src.offset(c, d)) for a, b, c, d in program.builtin_definitions]
    spans = [(s, e) for s, e in spans if s is not None and e is not None and s < e]

    ir_nondets: dict[str, ir.Type] = {}
    uninit: list[tuple[ir.Loc, ir.Loc]] = []
    #: uninitialised arrays and structs are fed by statements after their declaration
    aggregates: dict[tuple[ir.Loc, ir.Loc], list[str]] = {}
    jumps = _skipping_jumps(program, src)
    jump_assigns = {id(a) for jump in jumps for a in jump.skipped}
    for node in _walk(program):
        if isinstance(node, ir.Nondet) and node.name.isidentifier() and ir_nondets.get(node.name, ir.BOOL) == ir.BOOL:
            ir_nondets[node.name] = node.type  # a name read both as a condition and a value returns the value's type
        if _uninitialised(node) and id(node) not in jump_assigns:
            assert isinstance(node, ir.Assign)
            if not _aggregate(node):
                uninit.append((node.loc, _nondet_loc(node)))
    for node in _assignments_in_order(program):  # a struct's fields in the order the run reads them
        if _uninitialised(node) and id(node) not in jump_assigns and _aggregate(node):
            locs = (node.loc, _nondet_loc(node))
            if locs not in aggregates:
                uninit.append(locs)
            aggregates.setdefault(locs, []).append(_feed(node.target, node.value.type))

    tokens, directives = _lex(src.text())
    words = {t.text for t in tokens if t.kind == "ident"}
    nondets = {n: _NONDET_TYPES.get(n) or c_type(t) for n, t in ir_nondets.items()}
    nondets.update({n: ty for n, ty in _NONDET_TYPES.items() if n in words and n not in nondets})
    for name in user:
        nondets.pop(name, None)
    builtins = (set(FAILING) | ASSUMING | set(nondets)) - user
    line_builtins = (set(FAILING) | ASSUMING) - user

    # #include lines go (their declarations would clash with ours); harmless
    # headers of macros and typedefs come back in the prelude
    includes: list[str] = []
    for start, end, text in directives:
        m = re.match(r"\s*#\s*include\s*[<\"]([^>\"]+)[>\"]", text)
        if m or re.match(r"\s*#\s*include\b", text):
            src.blank(start, end)
            if m and m.group(1) in _SAFE_HEADERS and m.group(1) not in includes:
                includes.append(m.group(1))
    defines_bool = re.search(r"(typedef[^;]*\bbool\s*;|#\s*define\s+bool\b|\benum\s+bool\b)", program.source)
    if "stdbool.h" not in includes and words & {"bool", "true", "false"} and not defines_bool:
        includes.append("stdbool.h")

    # pass 1: file-scope declarations and definitions of built-ins go, whole
    # (the frontend's spans, and any chunk declaring a built-in's name)
    depth, chunk = 0, 0
    for i, tok in enumerate(tokens):
        if tok.text == "{":
            depth += 1
        elif (tok.text == "}" and depth == 1) or (tok.text == ";" and depth == 0):
            depth = 0
            start, end = tokens[chunk].start, tok.end
            if _declares(tokens[chunk:i], builtins) or any(s < end and start < e for s, e in spans):
                src.blank(start, end)
            chunk = i + 1
        elif tok.text == "}" and depth > 0:
            depth -= 1
    for s, e in spans:  # a span the chunks did not cover (should not happen)
        src.blank(s, e)

    # pass 2: calls of built-ins pass their line; uninitialised locals get a value
    kept = src.text()
    tokens, _ = _lex(kept)
    depth_at = _depths(tokens)
    edits: list[Edit] = []  # applied right to left
    for i, tok in enumerate(tokens):
        if depth_at[i] == 0 or tok.kind != "ident" or tok.text not in line_builtins or not _is_call(tokens, i):
            continue
        if i and tokens[i - 1].text in _TYPE_WORDS:  # a block-scope declaration: drop it
            stmt = i
            while stmt > 0 and tokens[stmt - 1].text not in (";", "{", "}"):
                stmt -= 1
            stop = next((j for j in range(i, len(tokens)) if tokens[j].text == ";"), i)
            edits.append((tokens[stmt].start, tokens[stop].end, "", 0))
            continue
        line = src.line_of(tok.start)
        if tok.text in ASSUMING:
            macro = "__verify_assume"
        else:
            macro = "__verify_check" if FAILING[tok.text] else "__verify_reach"
        empty = i + 2 >= len(tokens) or tokens[i + 2].text == ")"
        edits.append((tok.start, tok.end, macro, 0))
        paren = tokens[i + 1]
        edits.append((paren.start, paren.end, f"({line}" + ("" if empty else ", "), 0))

    placed: set[int] = set()
    for locs in uninit:
        k = next((k for loc in locs if (k := _ident_at(tokens, src.offset(loc.line, loc.column))) is not None), None)
        if k is None:
            notes.append(f"line {locs[0].line}: uninitialised local not found in the source; its value is not fed")
            continue
        if depth_at[k] == 0:
            notes.append(f"line {locs[0].line}: a file-scope variable cannot take a nondeterministic initial value")
            continue
        if k + 1 < len(tokens) and tokens[k + 1].text == "=":  # initialised: a jump (a case label) skipped it
            notes.append(f"line {locs[0].line}: the value a jump past this declaration leaves is not fed")
            continue
        if locs in aggregates:
            _after_declaration(tokens, k, " ".join(aggregates[locs]), edits, notes, locs[0].line)
            continue
        if tokens[k].start not in placed:
            placed.add(tokens[k].start)
            edits.append((tokens[k].end, tokens[k].end, " = __verify_next()", 0))
    for k, jump in enumerate(jumps):
        feed = _feed_at_cases if jump.switch else _feed_at_jump
        feed(tokens, src, jump, f"__verify_jump_{k}", edits, notes)
    if check_operations:
        removed = [(e[0], e[1]) for e in edits if e[0] < e[1] and not e[2]]
        edits += [e for e in operation_edits(program, kept, src.line_of)
                  if not any(s <= e[0] < t or s < e[1] <= t for s, t in removed)]

    body = apply_edits(kept, edits)
    if not body.endswith("\n"):
        body += "\n"
    return UserSource(body, includes, user, nondets, words)


def _aggregate(node: ir.Assign) -> bool:
    """`node` assigns an array or a struct's field (fed after the declaration)."""
    return isinstance(node.value.type, ir.ArrayType) or re.search(r"\.|->", node.target) is not None


def _assignments_in_order(program: ir.Program) -> Iterator[ir.Assign]:
    """Every `Assign` of every function, in the order of the function bodies (not those of
    order probes, copies that no run executes)."""
    stack: list[ir.Stmt] = [s for f in program.functions.values() for s in reversed(f.body)]
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ir.Assign):
            yield stmt
        if is_order_probe(stmt):
            continue
        blocks = [getattr(stmt, f.name) for f in dataclasses.fields(stmt)]  # type: ignore[arg-type]
        for block in reversed(blocks):
            if isinstance(block, list):
                stack.extend(s for s in reversed(block) if isinstance(s, ir.Stmt))


def _feed(target: str, t: ir.Type) -> str:
    """The statement giving uninitialised variable `target` (an array, or a
    struct's field ``s.f``) its value from the stream: an array's first
    elements, as many as a witness lists."""
    name = display_name(target)
    if isinstance(t, ir.ArrayType) and "[]." in name:  # a field of an array of structs, element by element
        array, path = name.split("[].", 1)
        return f"__verify_fill_field({array}, {path}, {c_type(t.elem)}, {t.size or 0}UL, {min(t.size or 0, MAX_SHOWN)}UL);"
    if isinstance(t, ir.ArrayType):
        return f"__verify_fill({name}, {c_type(t.elem)}, {min(t.size or 0, MAX_SHOWN)}UL);"
    return f"{name} = ({c_type(t)})__verify_next();"


def _after_declaration(tokens: list[_Tok], k: int, feed: str, edits: list[Edit], notes: list[str],
                       line: int) -> None:
    """Put `feed` right after the declaration whose declarator is at token `k`."""
    depth = 0
    for j in range(k, len(tokens)):
        text = tokens[j].text
        if text in "([{":
            depth += 1
        elif text in ")]}":
            depth -= 1
            if depth < 0:  # the declaration is a `for`'s: no statement can follow it there
                break
        elif text == ";" and depth == 0:
            edits.append((tokens[j].end, tokens[j].end, " " + feed, 0))
            return
    notes.append(f"line {line}: the uninitialised array or struct declared here is not fed")


@dataclasses.dataclass(frozen=True)
class _Jump:
    """A `goto` (at `goto`) to the label at `label`, or a ``switch`` (at
    `goto`; `label` unused) whose case labels skip declarations: the
    frontend's `skipped` assignments of a `Nondet` right before the jump, in
    the order the run consumes their values; `types` by variable."""

    goto: ir.Loc
    label: ir.Loc
    skipped: list[ir.Assign]
    types: dict[str, ir.Type]
    switch: bool = False


def _uninitialised(node: object) -> bool:
    """`node` assigns an unnamed `Nondet` (an indeterminate value) to a
    variable of the source (not to one the frontend made up, which has no
    position, such as a fresh block's contents)."""
    if not isinstance(node, ir.Assign) or node.loc.line == 0:
        return False
    value = _strip_casts(node.value)
    return isinstance(value, ir.Nondet) and not value.name


def _strip_casts(value: ir.Expr) -> ir.Expr:
    while isinstance(value, ir.Cast):  # an uninitialised _Bool is a cast of a Nondet
        value = value.arg
    return value


def _nondet_loc(node: ir.Assign) -> ir.Loc:
    return _strip_casts(node.value).loc


def _skipping_jumps(program: ir.Program, src: _Source) -> list[_Jump]:
    """Every `goto` that skips declarations (the unnamed-`Nondet` assignments
    right before it whose declaration is not in scope at the jump), and every
    ``switch`` whose case labels may (those right after its set-up, which
    starts at the ``switch`` keyword)."""
    tokens, _ = _lex(src.text())
    starts = [t.start for t in tokens]
    jumps: list[_Jump] = []
    for func in program.functions.values():
        labels: dict[str, ir.Loc] = {}
        gotos: list[tuple[ir.Goto, list[ir.Assign]]] = []
        stack: list[list[ir.Stmt]] = [func.body]
        while stack:
            block = stack.pop()
            for j, stmt in enumerate(block):
                if j and _uninitialised(stmt) and not _uninitialised(block[j - 1]) \
                        and _token_at(tokens, starts, src, block[j - 1].loc) == "switch":
                    run = list(itertools.takewhile(_uninitialised, block[j:]))
                    jumps.append(_Jump(block[j - 1].loc, block[j - 1].loc, run, func.locals, switch=True))
                if isinstance(stmt, ir.Label):
                    labels[stmt.name] = stmt.loc
                elif isinstance(stmt, ir.Goto):
                    before: list[ir.Assign] = []
                    for prev in reversed(block[:j]):
                        if not (isinstance(prev, ir.Assign) and _uninitialised(prev)):
                            break
                        before.insert(0, prev)
                    gotos.append((stmt, before))
                if is_order_probe(stmt):
                    continue  # a copy no run executes
                for fld in dataclasses.fields(stmt):  # type: ignore[arg-type]
                    value = getattr(stmt, fld.name)
                    if isinstance(value, list) and value and all(isinstance(v, ir.Stmt) for v in value):
                        stack.append(value)
        for goto, before in gotos:
            at = src.offset(goto.loc.line, goto.loc.column)
            skipped = [a for a in before if not _in_scope(tokens, src.offset(a.loc.line, a.loc.column), at)]
            if skipped and goto.name in labels:
                jumps.append(_Jump(goto.loc, labels[goto.name], skipped, func.locals))
    return jumps


def _token_at(tokens: list[_Tok], starts: list[int], src: _Source, loc: ir.Loc) -> str:
    """The text of the token starting at `loc` ("" if none does)."""
    at = src.offset(loc.line, loc.column)
    k = bisect.bisect_left(starts, at) if at is not None else len(tokens)
    return tokens[k].text if k < len(tokens) and tokens[k].start == at else ""


def _in_scope(tokens: list[_Tok], decl: int | None, at: int | None) -> bool:
    """The declaration at offset `decl` is in scope at offset `at`: it comes
    before and its block is still open there."""
    if decl is None or at is None or decl >= at:
        return False
    depth = 0
    for tok in tokens:
        if decl <= tok.start < at:
            depth += {"{": 1, "}": -1}.get(tok.text, 0)
            if depth < 0:
                return False
    return True


def _feed_at_jump(tokens: list[_Tok], src: _Source, jump: _Jump, entry: str,
                  edits: list[Edit], notes: list[str]) -> None:
    """Feed the variables `jump` skips right where it lands, in the order the
    run consumes them: the `goto` goes to a new label `entry`, hidden after the
    user's label in an ``if (0)`` block that assigns them and falls through."""
    k = _ident_at(tokens, src.offset(jump.goto.line, jump.goto.column))
    at = _ident_at(tokens, src.offset(jump.label.line, jump.label.column))
    if (k is None or tokens[k].text != "goto" or k + 1 >= len(tokens) or at is None
            or at + 1 >= len(tokens) or tokens[at + 1].text != ":"):
        notes.append(f"line {jump.goto.line}: the variables this jump skips are not fed")
        return
    names = [a.target for a in jump.skipped]
    visible = {display_name(n): n for n in names}  # the last declared shadows the others
    feeds = []
    for name in names:
        if visible[display_name(name)] == name:
            feeds.append(f"{display_name(name)} = ({c_type(jump.types[name])})__verify_next();")
        else:
            notes.append(f"line {jump.goto.line}: a shadowed variable skipped by this jump is not fed")
            feeds.append("(void)__verify_next();")
    edits.append((tokens[k + 1].start, tokens[k + 1].end, entry, 0))
    colon = tokens[at + 1]
    edits.append((colon.end, colon.end, f" if (0) {{ {entry}: {' '.join(feeds)} }}", 0))


def _feed_at_cases(tokens: list[_Tok], src: _Source, jump: _Jump, entry: str,
                   edits: list[Edit], notes: list[str]) -> None:
    """Feed the variables a ``switch``'s jump skips at each of its case labels,
    in the order the run consumes them (right after the controlling
    expression): only a jump to the label runs the feeds (falling into it
    steps over them to `entry`_j), each skipped variable in scope there takes
    its value, the others' values are read and dropped; without a
    ``default`` one is added that reads them all, as a jump to no label does."""
    s = _ident_at(tokens, src.offset(jump.goto.line, jump.goto.column))
    close = _matching(tokens, s + 1) if s is not None and tokens[s].text == "switch" else None
    body_end = _matching(tokens, close + 1) if close is not None and close + 1 < len(tokens) else None
    if close is None or body_end is None:
        notes.append(f"line {jump.goto.line}: the variables this switch's jump skips are not fed")
        return
    decls = [(a, src.offset(a.loc.line, a.loc.column)) for a in jump.skipped]
    depth, has_default, cases = 0, False, 0
    for i in range(close + 1, body_end):
        depth += {"{": 1, "}": -1}.get(tokens[i].text, 0)
        if depth != 1 or tokens[i].text not in ("case", "default"):
            continue
        colon = _label_colon(tokens, i, body_end)
        if colon is None:
            notes.append(f"line {jump.goto.line}: the variables this switch's jump skips are not fed")
            return
        has_default = has_default or tokens[i].text == "default"
        feeds = [f"{display_name(a.target)} = ({c_type(jump.types[a.target])})__verify_next();"
                 if _in_scope(tokens, d, tokens[i].start) else "(void)__verify_next();" for a, d in decls]
        after = f"{entry}_{cases}"
        edits.append((tokens[i].start, tokens[i].start, f"goto {after}; ", 0))
        edits.append((tokens[colon].end, tokens[colon].end, f" {' '.join(feeds)} {after}:;", 0))
        cases += 1
    if not has_default:
        reads = " ".join("(void)__verify_next();" for _ in decls)
        at = tokens[body_end].start
        edits.append((at, at, f" goto {entry}_end; default: {reads} {entry}_end:; ", 0))


def _matching(tokens: list[_Tok], i: int) -> int | None:
    """The index of the bracket closing the one at `i` (None if `i` opens none)."""
    pairs = {"(": ")", "{": "}"}
    if i >= len(tokens) or tokens[i].text not in pairs:
        return None
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].text == tokens[i].text:
            depth += 1
        elif tokens[j].text == pairs[tokens[i].text]:
            depth -= 1
            if depth == 0:
                return j
    return None


def _label_colon(tokens: list[_Tok], i: int, end: int) -> int | None:
    """The ':' ending the case label at `i` (a '?'s ':' is not it)."""
    questions = 0
    for j in range(i + 1, end):
        if tokens[j].text == "?":
            questions += 1
        elif tokens[j].text == ":":
            if questions == 0:
                return j
            questions -= 1
    return None


def c_type(t: ir.Type) -> str:
    """The C type a value of IR type `t` has in the harness."""
    if isinstance(t, ir.BoolType):
        return "_Bool"
    if t.bits is None:
        return "long long"
    base = {8: "char", 16: "short", 32: "int", 64: "long long"}.get(t.bits, "long long")
    if base == "char":
        return "signed char" if t.signed else "unsigned char"
    return base if t.signed else f"unsigned {base}"


@dataclasses.dataclass
class _Tok:
    kind: str  # ident, punct, other
    text: str
    start: int
    end: int


_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
      | (?P<string>"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?)
      | (?P<ident>[A-Za-z_]\w*)
      | (?P<number>\.?\d(?:[eEpP][+-]|[\w.])*)
      | (?P<punct>.)""",
    re.S | re.X,
)
_DIRECTIVE = re.compile(r"[ \t]*#(?:[^\n\\]|\\.)*", re.S)


def _lex(text: str) -> tuple[list[_Tok], list[tuple[int, int, str]]]:
    """C tokens of `text` (comments, strings, whitespace skipped) and the
    preprocessor directives as (start, end, text)."""
    tokens: list[_Tok] = []
    directives: list[tuple[int, int, str]] = []
    pos, n, line_start = 0, len(text), True
    while pos < n:
        if line_start and (d := _DIRECTIVE.match(text, pos)):
            directives.append((d.start(), d.end(), d.group()))
            pos, line_start = d.end(), False
            continue
        m = _TOKEN.match(text, pos)
        assert m is not None  # the last alternative matches any character
        kind = m.lastgroup or "punct"
        if kind == "space":
            line_start = line_start or "\n" in m.group()
        else:
            line_start = False
            if kind != "comment":
                tokens.append(_Tok(kind if kind in ("ident", "punct") else "other", m.group(), m.start(), m.end()))
        pos = m.end()
    return tokens, directives


def _walk(program: ir.Program):
    """Every statement and expression of every function (order irrelevant)."""
    stack: list[object] = [s for f in program.functions.values() for s in f.body]
    while stack:
        node = stack.pop()
        yield node
        for fld in dataclasses.fields(node):  # type: ignore[arg-type]
            value = getattr(node, fld.name)
            if isinstance(value, (ir.Expr, ir.Stmt)):
                stack.append(value)
            elif isinstance(value, (list, tuple)):
                stack.extend(v for v in value if isinstance(v, (ir.Expr, ir.Stmt)))


class _Source:
    """The user's text as an editable character list with line/column lookup."""

    def __init__(self, text: str) -> None:
        self.chars = list(text)
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def offset(self, line: int, column: int) -> int | None:
        if line < 1 or line > len(self.line_starts) or column < 1:
            return None
        off = self.line_starts[line - 1] + column - 1
        return off if off <= len(self.chars) else None

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def blank(self, start: int, end: int) -> None:
        for i in range(max(start, 0), min(end, len(self.chars))):
            if self.chars[i] != "\n":
                self.chars[i] = " "

    def text(self) -> str:
        return "".join(self.chars)


def _user_functions(program: ir.Program, src: _Source) -> set[str]:
    """Functions the user really defines: not the built-ins whose definitions
    the frontend listed in `builtin_definitions` (by position or by name)."""
    text = program.source
    spans = [(src.offset(a, b), src.offset(c, d)) for a, b, c, d in program.builtin_definitions]
    spans = [(s, e) for s, e in spans if s is not None and e is not None]
    builtin_names = set()
    for start, end in spans:  # the declarator: the identifier before the first '('
        tokens, _ = _lex(text[start:end])
        j = next((i for i, t in enumerate(tokens) if t.text == "("), 0)
        if j > 0 and tokens[j - 1].kind == "ident":
            builtin_names.add(tokens[j - 1].text)
    names = set()
    for name, func in program.functions.items():
        at = src.offset(func.loc.line, func.loc.column)
        if name in builtin_names or (at is not None and any(s <= at < e for s, e in spans)):
            continue
        names.add(name)
    return names


def _is_call(tokens: list[_Tok], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].text == "("


def _declares(chunk: list[_Tok], names: set[str]) -> bool:
    """A file-scope declaration or definition whose declarator is one of `names`
    (the identifier directly before the first '(' outside braces)."""
    depth = 0
    for j, tok in enumerate(chunk):
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif depth == 0 and tok.text == "(":
            return j > 0 and chunk[j - 1].kind == "ident" and chunk[j - 1].text in names
        elif depth == 0 and tok.text == "=":
            return False
    return False


def _depths(tokens: list[_Tok]) -> list[int]:
    out, depth = [], 0
    for tok in tokens:
        if tok.text == "}":
            depth = max(depth - 1, 0)
        out.append(depth)
        if tok.text == "{":
            depth += 1
    return out


def _ident_at(tokens: list[_Tok], offset: int | None) -> int | None:
    """The declared identifier at `offset`: the identifier token there, or the
    first non-keyword identifier after a type keyword there."""
    if offset is None:
        return None
    starts = [t.start for t in tokens]
    k = bisect.bisect_right(starts, offset) - 1
    if k < 0 or not tokens[k].start <= offset < max(tokens[k].end, tokens[k].start + 1):
        return None
    while k < len(tokens) and tokens[k].kind == "ident" and tokens[k].text in _TYPE_WORDS:
        k += 1
    if k < len(tokens) and tokens[k].kind == "ident":
        return k
    return None
