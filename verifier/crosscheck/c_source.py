"""Rewrite the user's C text for the replay harness, keeping every line where it was.

`rewrite_source(program, notes, check_operations)` gives the user's text with
``#include`` lines, user definitions and file-scope declarations of the
built-ins blanked with spaces (newlines kept), calls to the built-ins
rewritten in place to pass the line of the call, `` = __verify_next()`` right
after the identifier of every uninitialised local, and (with
`check_operations`) every operation that can fail routed through a checking
macro of `replay_ops`; plus what the harness's prelude must declare for it.
Lines and columns are 1-based, as in the IR.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from verifier import ir
from verifier.crosscheck.replay_ops import Edit, apply_edits, operation_edits

__all__ = ["FAILING", "ASSUMING", "UserSource", "c_type", "rewrite_source"]

#: built-ins that fail with the line of their call: name -> takes a condition
FAILING = {"assert": True, "__VERIFIER_assert": True, "reach_error": False, "__VERIFIER_error": False}
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
    for node in _walk(program):
        if isinstance(node, ir.Nondet) and node.name and node.name not in ir_nondets:
            ir_nondets[node.name] = node.type
        value = node.value if isinstance(node, ir.Assign) else None
        while isinstance(value, ir.Cast):  # an uninitialised _Bool is a cast of a Nondet
            value = value.arg
        if isinstance(value, ir.Nondet) and not value.name:
            uninit.append((node.loc, value.loc))

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
        if tokens[k].start not in placed:
            placed.add(tokens[k].start)
            edits.append((tokens[k].end, tokens[k].end, " = __verify_next()", 0))
    if check_operations:
        removed = [(e[0], e[1]) for e in edits if e[0] < e[1] and not e[2]]
        edits += [e for e in operation_edits(program, kept, src.line_of)
                  if not any(s <= e[0] < t or s < e[1] <= t for s, t in removed)]

    body = apply_edits(kept, edits)
    if not body.endswith("\n"):
        body += "\n"
    return UserSource(body, includes, user, nondets, words)


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
