"""Function-like macros (``#define MAX(a, b) ((a) > (b) ? (a) : (b))``), expanded before parsing.

`expand_function_macros(text, lookup)` finds each invocation ``F(args)`` of a
function-like macro `lookup` knows at the invocation's line and replaces it, in
the text the parser reads, by a placeholder identifier exactly as long as the
invocation's first line (lines it continues onto are blanked), so every other
token keeps its line and column. The expansions come back by the placeholder's
(line, column); the post-lexer (`c_parse`) reads one there and yields its tokens
at the invocation's position, as it does for an object-like macro's body.

An expansion is C's (C11 6.10.3): each argument's invocations are expanded
first, the parameters of the body replaced by the arguments' text, and the
result scanned again with the macro itself no longer expanded. A macro this
module does not expand stays an invocation (the post-lexer records it, and the
function using it is unsupported): a variadic one, one whose body uses ``#`` or
``##``, a call with the wrong number of arguments or without its closing
parenthesis, one glued to a following identifier, and expansions nested more
than `MAX_DEPTH` deep.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["FunctionMacro", "NOT_EXPANDED", "function_macro", "expand_function_macros", "MAX_DEPTH"]

#: expansions nested deeper than this are left as invocations
MAX_DEPTH = 32

#: the tokens that matter here: comments, literals, identifiers, parentheses, commas; anything else one character
_SCAN = re.compile(r"//[^\n]*|/\*.*?(?:\*/|\Z)|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|[A-Za-z_]\w*|.",
                   re.S)
_PARAMS = re.compile(r"\(\s*((?:[A-Za-z_]\w*)(?:\s*,\s*[A-Za-z_]\w*)*)?\s*\)")


@dataclass(frozen=True)
class FunctionMacro:
    """A function-like macro: its parameters and its body (comments removed)."""

    params: tuple[str, ...]
    body: str


def function_macro(after_name: str) -> FunctionMacro | None:
    """The macro a ``#define F`` line defines from the text right after ``F`` (``(a, b) body``),
    None if this module does not expand it (variadic, ``#``/``##`` in its body, malformed)."""
    m = _PARAMS.match(after_name)
    if m is None:
        return None
    body = "".join(" " if tok.startswith(("//", "/*")) else tok for tok in _SCAN.findall(after_name[m.end():]))
    if any(tok == "#" for tok in _SCAN.findall(body)):
        return None
    params = tuple(p.strip() for p in m.group(1).split(",")) if m.group(1) else ()
    return FunctionMacro(params, body.strip())


#: what a lookup answers for a function-like macro this module does not expand
NOT_EXPANDED = FunctionMacro(("...",), "")

Lookup = Callable[[str, int], "FunctionMacro | None"]


def expand_function_macros(text: str, lookup: Lookup) -> tuple[str, dict[tuple[int, int], str]]:
    """`text` with each invocation of a function-like macro (`lookup(name, line)`) replaced by a
    placeholder, and the expansions by the placeholder's (line, column), both 1-based."""
    out: list[str] = []
    expansions: dict[tuple[int, int], str] = {}
    pos = 0
    for name, start, end, expansion in _invocations(text, lookup, frozenset(), 0, None):
        first_line_end = text.find("\n", start, end)
        head = (first_line_end if first_line_end >= 0 else end) - start
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        out += [text[pos:start], "_" * head, re.sub(r"[^\n]", " ", text[start + head:end])]
        expansions[(line, column)] = expansion
        pos = end
    out.append(text[pos:])
    return "".join(out), expansions


def _invocations(text: str, lookup: Lookup, disabled: frozenset[str], depth: int, line: int | None):
    """(name, start, end, expansion) of each invocation in `text` this module expands, in order.
    `line`: the line every invocation is taken at (inside an expansion), else its own line in `text`.
    Inside an expansion, an invocation this module does not expand ends the scan with `_Unexpanded`
    (the invocation being expanded stays one: the post-lexer records it)."""
    tokens = [(m.group(), m.start()) for m in _SCAN.finditer(text)]
    k = 0
    counted, lines = 0, 1  # the newlines before `counted`, plus one
    while k < len(tokens):
        tok, start = tokens[k]
        k += 1
        if not (tok[0].isalpha() or tok[0] == "_") or tok in disabled:
            continue
        if line is None:
            lines += text.count("\n", counted, start)
            counted = start
        macro = lookup(tok, line if line is not None else lines)
        if macro is None:
            continue
        call = _arguments(tokens, k)
        if call is None:
            continue  # the name alone is no invocation
        args, after = call
        end = tokens[after - 1][1] + 1
        expansion = None
        glued = end < len(text) and (text[end].isalnum() or text[end] == "_")  # `F(x)y`: a placeholder would join y
        if not glued and macro is not NOT_EXPANDED and (len(args) == len(macro.params)
                                                        or (not macro.params and args == [""])):
            expansion = _expand(tok, macro, [a.strip() for a in args] if macro.params else [], lookup, disabled,
                                depth, line if line is not None else lines)
        if expansion is None:
            if line is not None:
                raise _Unexpanded
            continue
        yield tok, start, end, expansion
        k = after


def _arguments(tokens: list[tuple[str, int]], k: int) -> tuple[list[str], int] | None:
    """The argument texts of the call whose name is token `k - 1`, and the index after its `)`;
    None when no parenthesis follows the name or it is never closed."""
    while k < len(tokens) and (tokens[k][0].isspace() or tokens[k][0].startswith(("//", "/*"))):
        k += 1
    if k >= len(tokens) or tokens[k][0] != "(":
        return None
    depth, args, current = 0, [], []
    for j in range(k, len(tokens)):
        tok = tokens[j][0]
        if tok == "(":
            depth += 1
            if depth == 1:
                continue
        elif tok == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(current))
                return args, j + 1
        elif tok == "," and depth == 1:
            args.append("".join(current))
            current = []
            continue
        current.append(" " if tok.startswith(("//", "/*")) else tok)
    return None


def _expand(name: str, macro: FunctionMacro, args: list[str], lookup: Lookup, disabled: frozenset[str],
            depth: int, line: int) -> str | None:
    """The expansion of `name(args)`, None if nested too deep."""
    if depth >= MAX_DEPTH:
        return None
    expanded = [_expand_text(a, lookup, disabled, depth + 1, line) for a in args]
    if any(a is None for a in expanded):
        return None
    by_param = dict(zip(macro.params, expanded))
    body = "".join(by_param.get(tok, tok) for tok in _SCAN.findall(macro.body))  # type: ignore[misc]
    result = _expand_text(body, lookup, disabled | {name}, depth + 1, line)
    return None if result is None else result.replace("\n", " ")


def _expand_text(text: str, lookup: Lookup, disabled: frozenset[str], depth: int, line: int) -> str | None:
    """`text` with every invocation in it expanded (taken at `line`), None if nested too deep."""
    if depth >= MAX_DEPTH:
        return None
    out: list[str] = []
    pos = 0
    try:
        for _, start, end, expansion in _invocations(text, lookup, disabled, depth, line):
            out += [text[pos:start], " ", expansion, " "]
            pos = end
    except _Unexpanded:
        return None
    out.append(text[pos:])
    return "".join(out)


class _Unexpanded(Exception):
    """An invocation inside an expansion that this module does not expand."""
