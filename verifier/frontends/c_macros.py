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
result scanned again with the macro itself no longer expanded. ``# p`` becomes
the string literal of argument ``p`` as written, ``a ## b`` pastes its two
sides' texts (a parameter beside ``##`` is its argument as written, not
expanded), and ``__VA_ARGS__`` is the arguments a variadic macro's ``...``
takes, commas included. A macro this module does not expand stays an invocation
(the post-lexer records it, and the function using it is unsupported): one whose
``#`` is not followed by a parameter or whose ``##`` is at either end of its
body, a call with the wrong number of arguments or without its closing
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
_PARAMS = re.compile(r"\(\s*((?:[A-Za-z_]\w*|\.\.\.)(?:\s*,\s*(?:[A-Za-z_]\w*|\.\.\.))*)?\s*\)")
#: the parameter a variadic macro's ``...`` is in its body
VA_ARGS = "__VA_ARGS__"


@dataclass(frozen=True)
class FunctionMacro:
    """A function-like macro: its named parameters (`VA_ARGS` last if it is variadic) and its body
    as tokens, ``##`` one token, whitespace runs one ``" "``, comments removed."""

    params: tuple[str, ...]
    body: tuple[str, ...]

    @property
    def variadic(self) -> bool:
        return bool(self.params) and self.params[-1] == VA_ARGS

    def takes(self, args: list[str]) -> bool:
        """Whether an invocation with these arguments (texts between commas) is well-formed."""
        named = len(self.params) - self.variadic
        if not self.params or (named == 0 and self.variadic):
            return args == [""] or self.variadic
        return len(args) == named or (self.variadic and len(args) > named)


def function_macro(after_name: str) -> FunctionMacro | None:
    """The macro a ``#define F`` line defines from the text right after ``F`` (``(a, b) body``),
    None if this module does not expand it (malformed, a ``#`` before no parameter, ``##`` at an end)."""
    m = _PARAMS.match(after_name)
    if m is None:
        return None
    params = [p.strip() for p in m.group(1).split(",")] if m.group(1) else []
    if "..." in params[:-1] or VA_ARGS in params:
        return None
    if params and params[-1] == "...":
        params[-1] = VA_ARGS
    body = _body_tokens(after_name[m.end():])
    significant = [tok for tok in body if tok != " "]
    if significant and "##" in (significant[0], significant[-1]):
        return None
    if any(tok == "#" and (k + 1 == len(significant) or significant[k + 1] not in params)
           for k, tok in enumerate(significant)):
        return None
    return FunctionMacro(tuple(params), tuple(body))


def _body_tokens(text: str) -> list[str]:
    """`text`'s tokens, stripped, with ``##`` one token and each run of whitespace or comments one ``" "``."""
    tokens: list[str] = []
    for tok in _SCAN.findall(text):
        if tok.isspace() or tok.startswith(("//", "/*")):
            if tokens and tokens[-1] != " ":
                tokens.append(" ")
        elif tok == "#" and tokens and tokens[-1] == "#":
            tokens[-1] = "##"
        else:
            tokens.append(tok)
    while tokens and tokens[-1] == " ":
        tokens.pop()
    return tokens


#: what a lookup answers for a function-like macro this module does not expand
NOT_EXPANDED = FunctionMacro(("...",), ())

#: the macro a name is at a line: a function-like one, an object-like one's body, or None
Lookup = Callable[[str, int], "FunctionMacro | str | None"]


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
        if macro is None or (isinstance(macro, str) and line is None):
            continue  # outside expansions, the post-lexer expands object-like macros
        if isinstance(macro, str):
            body = _expand_text(macro, lookup, disabled | {tok}, depth + 1, line)
            if body is None:
                raise _Unexpanded
            yield tok, start, start + len(tok), f" {body} "
            continue
        call = _arguments(tokens, k)
        if call is None:
            continue  # the name alone is no invocation
        args, after = call
        end = tokens[after - 1][1] + 1
        expansion = None
        glued = end < len(text) and (text[end].isalnum() or text[end] == "_")  # `F(x)y`: a placeholder would join y
        if not glued and macro is not NOT_EXPANDED and macro.takes(args):
            expansion = _expand(tok, macro, args, lookup, disabled, depth, line if line is not None else lines)
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
    named = len(macro.params) - macro.variadic
    written = [a.strip() for a in args[:named]] + ([",".join(args[named:]).strip()] if macro.variadic else [])
    expanded = {}
    for param, text in zip(macro.params, written):
        expanded[param] = _expand_text(text, lookup, disabled, depth + 1, line)
        if expanded[param] is None:
            return None
    body = _substitute(macro, dict(zip(macro.params, written)), expanded)  # type: ignore[arg-type]
    result = _expand_text(body, lookup, disabled | {name}, depth + 1, line)
    return None if result is None else result.replace("\n", " ")


def _substitute(macro: FunctionMacro, written: dict[str, str], expanded: dict[str, str]) -> str:
    """`macro`'s body with its parameters replaced (C11 6.10.3.1-3): ``# p`` by the string literal of
    `written[p]`, a parameter beside ``##`` by `written`, any other by `expanded` (set apart by
    spaces, so it never joins a neighbour into one token), and each ``##`` pasting its sides."""
    body = macro.body
    out: list[str] = []
    paste = False
    k = 0
    while k < len(body):
        tok = body[k]
        k += 1
        if tok == " ":
            out.append(" ")
            continue
        if tok == "##":
            while out and out[-1] == " ":
                out.pop()
            paste = True
            continue
        if tok == "#":
            k += body[k] == " "
            text = _stringize(written[body[k]])
            k += 1
        elif tok in written:
            beside_paste = paste or _next_significant(body, k) == "##"
            text = written[tok] if beside_paste else f" {expanded[tok]} "
        else:
            text = tok
        if paste:
            while out and out[-1] == " ":
                out.pop()
            text = text.lstrip()
            paste = False
        out.append(text)
    return "".join(out)


def _next_significant(body: tuple[str, ...], k: int) -> str | None:
    """The first token of `body` from index `k` on that is not whitespace."""
    return next((tok for tok in body[k:] if tok != " "), None)


def _stringize(text: str) -> str:
    """The string literal ``#`` makes of an argument's text (C11 6.10.3.2): whitespace runs one
    space, ``"`` and ``\\`` escaped inside the argument's string and character literals."""
    parts = []
    for tok in _SCAN.findall(text.strip()):
        if tok.isspace() or tok.startswith(("//", "/*")):
            if parts and parts[-1] != " ":
                parts.append(" ")
        elif tok[0] in "\"'":
            parts.append(tok.replace("\\", "\\\\").replace('"', '\\"'))
        else:
            parts.append(tok)
    return '"' + "".join(parts).strip() + '"'


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
