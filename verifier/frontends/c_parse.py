"""C source text to a Lark parse tree: preprocessing, the post-lexer, syntax errors.

`parse_tree(source, path)` returns the tree of `grammars/c.lark` (positions are
1-based lines and columns, end column one past the last character, as Lark
gives them). Any syntax error becomes an `InputError(kind="syntax")` with the
line and column of the offending token; a preprocessor directive outside the
subset becomes an `UnsupportedConstruct`.

The preprocessor is deliberately tiny: `#include`, `#pragma`, `#line` and
`#undef` are ignored, object-like `#define NAME tokens` macros are expanded by
the post-lexer, function-like ones by `c_macros` (into placeholders of the
invocations' length, so positions stay; an invocation it does not expand is
recorded, and the lowering makes the function using it unsupported), and `#if 0/1`,
`#ifdef`, `#ifndef`, `#if [!]defined(X)`, `#else`, `#endif` select lines.
Lines are blanked, never removed, so positions stay exact. A `/*` never
closed is a syntax error at its position. The bodies of file-scope definitions
of `ignored` functions (the built-ins the lowering ignores a definition of)
are blanked too: a `.i` file's `reach_error` is glibc's `assert(0)`, written
with GNU statement expressions outside the grammar.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ..errors import InputError, UnsupportedConstruct
from .. import grammar_files
from ..parser_cache import lark_parser
from .c_macros import NOT_EXPANDED, FunctionMacro, expand_function_macros, function_macro
from .shared_scanner import SharedScannerLexer

__all__ = ["BUILTIN_TYPEDEFS", "OPAQUE_BUILTIN_TYPES", "parse_tree", "get_parser", "grammar_text"]

#: typedef names known without a declaration (stdbool.h, stdint.h, stddef.h);
#: the lowering maps each to its C type. A typedef in the file overrides them.
BUILTIN_TYPEDEFS: dict[str, tuple[str, ...]] = {
    "bool": ("_Bool",),
    "size_t": ("unsigned", "long"), "ssize_t": ("long",), "ptrdiff_t": ("long",),
    "intptr_t": ("long",), "uintptr_t": ("unsigned", "long"),
    "intmax_t": ("long", "long"), "uintmax_t": ("unsigned", "long", "long"),
    "int8_t": ("signed", "char"), "uint8_t": ("unsigned", "char"),
    "int16_t": ("short",), "uint16_t": ("unsigned", "short"),
    "int32_t": ("int",), "uint32_t": ("unsigned", "int"),
    # 64 bits under every data model (glibc's LP64 `long` has the same range)
    "int64_t": ("long", "long"), "uint64_t": ("unsigned", "long", "long"),
}

#: GCC's built-in type names that preprocessed headers use (`typedef
#: __builtin_va_list __gnuc_va_list;`): parsed as type names, unsupported where used
OPAQUE_BUILTIN_TYPES = frozenset({"__builtin_va_list"})

#: object-like macros of limits.h (LP64), as glibc defines them; stdbool.h's
#: `true` and `false` are constants of the file scope instead (c_base.Unit), so
#: that a file may declare them itself, as in `typedef enum {false, true} bool;`
_BUILTIN_MACROS: dict[str, str] = {
    "NULL": "0",  # stddef.h's, as a null pointer constant
    "CHAR_BIT": "8", "SCHAR_MIN": "(-128)", "SCHAR_MAX": "127", "UCHAR_MAX": "255",
    "CHAR_MIN": "(-128)", "CHAR_MAX": "127",
    "SHRT_MIN": "(-32768)", "SHRT_MAX": "32767", "USHRT_MAX": "65535",
    "INT_MIN": "(-2147483647 - 1)", "INT_MAX": "2147483647", "UINT_MAX": "4294967295U",
    "LONG_MIN": "(-9223372036854775807L - 1L)", "LONG_MAX": "9223372036854775807L",
    "ULONG_MAX": "18446744073709551615UL",
    "LLONG_MIN": "(-9223372036854775807LL - 1LL)", "LLONG_MAX": "9223372036854775807LL",
    "ULLONG_MAX": "18446744073709551615ULL",
}
#: the limits.h macros that differ under ILP32 (32-bit long)
_ILP32_MACROS: dict[str, str] = {
    "LONG_MIN": "(-2147483647L - 1L)", "LONG_MAX": "2147483647L", "ULONG_MAX": "4294967295UL",
}

#: words dropped by the post-lexer: they do not change integer semantics
_DROPPED = frozenset({
    "const", "volatile", "inline", "restrict", "register", "auto", "_Noreturn",
    "__const", "__const__", "__volatile__", "__inline", "__inline__", "__restrict",
    "__restrict__", "__extension__",
})
#: words dropped together with the parenthesised group that follows them
_DROPPED_WITH_ARGS = frozenset({"__attribute__", "__attribute", "__declspec"})

# ----------------------------------------------------------------- the parser

_parser: Lark | None = None
_parser_lock = threading.Lock()


def grammar_text() -> str:
    """The text of `c.lark`."""
    return grammar_files.grammar_text("c.lark")


def get_parser() -> Lark:
    """The LALR parser of the C subset, built once per process (and kept on disk,
    so a later start only unpickles it: `parser_cache.lark_parser`); its contextual
    lexer's states share one scanner (`shared_scanner`: a small file parses in some
    6 ms instead of 10 in a fresh process)."""
    global _parser
    if _parser is None:
        with _parser_lock:
            if _parser is None:
                _parser = lark_parser("c-shared-scanner", grammar_text(), **parser_options(),
                                      _plugins={"ContextualLexer": SharedScannerLexer})
    return _parser


def parser_options() -> dict:
    """Lark's options for the C grammar (`get_parser` adds its lexer plugin)."""
    return {"parser": "lalr", "lexer": "contextual", "propagate_positions": True, "postlex": _PostLexer(),
            "maybe_placeholders": True, "cache": True}


# --------------------------------------------------------------- preprocessing


@dataclass
class _Macro:
    body: str
    line: int  # defined from this line on ...
    until: int = 1 << 60  # ... up to (not including) this line (#undef)
    function_like: bool = False  # `#define F(x) ...`: known to #ifdef, never expanded


@dataclass
class _Context:
    """Per-parse state handed to the post-lexer."""

    macros: dict[str, list[_Macro]] = field(default_factory=dict)
    data_model: str = "LP64"
    #: (name, its definition's line, line, column) of each use of a function-like macro
    macro_uses: list[tuple[str, int, int, int]] = field(default_factory=list)
    #: the expansion of each function-like macro invocation, by its placeholder's (line, column) (`c_macros`)
    expansions: dict[tuple[int, int], str] = field(default_factory=dict)


_DIRECTIVE = re.compile(r"[ \t]*#[ \t]*([A-Za-z_]*)(.*)")


def _preprocess(source: str, path: str) -> tuple[str, _Context]:
    """Blank out preprocessor lines (and inactive #if branches); collect macros."""
    lines = source.split("\n")
    ctx = _Context()
    stack: list[tuple[bool, bool]] = []  # (this branch active, some branch taken)
    active = True
    i = 0
    while i < len(lines):
        m = _DIRECTIVE.match(lines[i])
        if not m:
            if not active:
                lines[i] = _blank(lines[i])
            i += 1
            continue
        start = i
        text = lines[i]
        while text.endswith("\\") and i + 1 < len(lines):  # continuation lines
            lines[i] = _blank(lines[i])
            i += 1
            text = text[:-1] + " " + lines[i]
        lines[i] = _blank(lines[i])
        lines[start] = _blank(lines[start])
        m = _DIRECTIVE.match(text)
        assert m is not None
        word, rest = m.group(1), _strip_comment(m.group(2)).strip()
        line_no = start + 1
        col = text.index("#") + 1
        if word in ("if", "ifdef", "ifndef"):
            cond = _condition(word, rest, ctx, path, line_no, col) if active else False
            stack.append((active, cond))
            active = active and cond
        elif word in ("elif", "else"):
            if not stack:
                raise InputError(path, line_no, col, f"#{word} without #if")
            outer, taken = stack[-1]
            cond = True if word == "else" else (
                _condition("if", rest, ctx, path, line_no, col) if outer and not taken else False)
            active = outer and not taken and cond
            stack[-1] = (outer, taken or active)
        elif word == "endif":
            if not stack:
                raise InputError(path, line_no, col, "#endif without #if")
            active = stack.pop()[0]
        elif not active:
            pass
        elif word == "define":
            dm = re.match(r"([A-Za-z_]\w*)(\(?)(.*)", rest)
            if not dm:
                raise InputError(path, line_no, col, "malformed #define")
            function_like = bool(dm.group(2))  # its body keeps the parameter list: `(a, b) body`
            ctx.macros.setdefault(dm.group(1), []).append(
                _Macro(dm.group(2) + dm.group(3) if function_like else dm.group(3).strip(), line_no,
                       function_like=function_like))
        elif word == "undef":
            for macro in ctx.macros.get(rest.split()[0] if rest else "", []):
                macro.until = min(macro.until, line_no)
        elif word == "error" :
            raise InputError(path, line_no, col, f"#error {rest}")
        # include, pragma, line, warning, ident, and GCC's `# 1 "file"` markers: ignored
        i += 1
    if stack:
        raise InputError(path, len(lines), 1, "unterminated #if (missing #endif)")
    return "\n".join(lines), ctx


_ATTRIBUTE_OR_SKIPPED = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'"
    r"|\b(?:__attribute__|__attribute|__declspec)\s*(?=\()"
    r"|(?P<asm>\b(?:__asm__|__asm|asm)(?:\s+(?:__volatile__|__volatile|volatile|__inline__|inline|goto))*\s*(?=\())"
    r"|[{}]",
    re.S)
#: what inline assembly in a function body becomes: a call of an undefined
#: function, which makes that function unsupported (its effect is unknown)
_ASM_CALL = "__asm__()"


def _blank_attributes(text: str) -> str:
    """`__attribute__((...))`, `__declspec(...)` and file-scope `__asm__("name")`
    groups blanked out (newlines kept): they do not change integer semantics.
    Done on the text, because Lark's contextual lexer rejects a `(` where the
    grammar does not expect one (at the start of a declaration) before the
    post-lexer could drop it; groups that macros expand to are dropped by the
    post-lexer. Inline assembly in a body (`__asm__ __volatile__ ("" ::: "memory")`)
    becomes `_ASM_CALL` instead."""
    out: list[str] = []
    pos = depth = 0
    for m in _ATTRIBUTE_OR_SKIPPED.finditer(text):
        if m.group().startswith(("/", '"', "'")) or m.start() < pos:
            continue
        if m.group() in ("{", "}"):
            depth += 1 if m.group() == "{" else -1
            continue
        end = _closing_paren(text, m.end())
        if end is None:
            continue
        out.append(text[pos:m.start()])
        blank = re.sub(r"[^\n]", " ", text[m.start():end])
        out.append(_ASM_CALL + blank[len(_ASM_CALL):] if m.group("asm") and depth > 0 else blank)
        pos = end
    out.append(text[pos:])
    return "".join(out)


_BRACE_OR_SKIPPED = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|[{}]", re.S)


def _blank_bodies(text: str, names: frozenset[str]) -> str:
    """`text` with the bodies of file-scope function definitions of `names`
    blanked out (braces and newlines kept, so positions stay)."""
    if not names:
        return text
    heads = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\s*\([^;{}()]*\)\s*\{")
    opening = {m.end() - 1 for m in heads.finditer(text)}
    last = max(opening, default=-1)
    spans: list[tuple[int, int]] = []
    depth, body_start = 0, -1
    for m in _BRACE_OR_SKIPPED.finditer(text):
        if m.start() > last and body_start < 0:
            break  # past the last definition: the rest of the file is not scanned
        if m.group() == "{":
            if depth == 0 and m.start() in opening:
                body_start = m.end()
            depth += 1
        elif m.group() == "}" and depth > 0:
            depth -= 1
            if depth == 0 and body_start >= 0:
                spans.append((body_start, m.start()))
                body_start = -1
    out, pos = [], 0
    for start, end in spans:
        out += [text[pos:start], re.sub(r"[^\n]", " ", text[start:end])]
        pos = end
    return "".join(out + [text[pos:]])


def _closing_paren(text: str, start: int) -> int | None:
    """The index just past the parenthesis that closes the one at `start`."""
    depth = 0
    for m in re.compile(r"\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|[()]").finditer(text, start):
        if m.group() == "(":
            depth += 1
        elif m.group() == ")":
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def _macro_at(name: str, line: int, ctx: _Context) -> FunctionMacro | str | None:
    """The macro `name` at `line`, for `c_macros`: a function-like one (`NOT_EXPANDED` if
    `c_macros` does not expand it), an object-like one's body, or None."""
    for macro in reversed(ctx.macros.get(name, [])):
        if macro.line < line < macro.until:
            if macro.function_like:
                return function_macro(macro.body) or NOT_EXPANDED
            break
    return _PostLexer._macro(name, line, ctx)


def _blank(line: str) -> str:
    return re.sub(r"[^\t]", " ", line)


def _strip_comment(text: str) -> str:
    return re.sub(r"/\*.*?\*/|//.*", " ", text)


def _condition(word: str, rest: str, ctx: _Context, path: str, line: int, col: int) -> bool:
    def defined(name: str) -> bool:
        return any(m.line < line < m.until for m in ctx.macros.get(name, []))
    if word == "ifdef":
        return defined(rest.split()[0]) if rest else False
    if word == "ifndef":
        return not defined(rest.split()[0]) if rest else True
    m = re.fullmatch(r"(!?)\s*defined\s*\(?\s*([A-Za-z_]\w*)\s*\)?", rest)
    if m:
        return defined(m.group(2)) != bool(m.group(1))
    if re.fullmatch(r"\d+", rest):
        return int(rest) != 0
    raise UnsupportedConstruct(path, line, col,
                               f"unsupported construct: #if {rest} (only #if 0, #if 1, "
                               "#ifdef, #ifndef and #if defined(NAME) are supported)")


# ---------------------------------------------------------------- post-lexer

_state = threading.local()

_MACRO_TOKEN = re.compile(
    r"\s*(?:(?P<float>(\d+\.\d*|\.\d+)([eE][+-]?\d+)?[fFlL]?)"
    r"|(?P<int>(0[xX][0-9a-fA-F]+|\d+)[uUlL]*)"
    r"|(?P<char>'(\\.|[^'\\])+')|(?P<string>\"(\\.|[^\"\\])*\")"
    r"|(?P<ident>[A-Za-z_]\w*)"
    r"|(?P<op><<=|>>=|\.\.\.|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^~!<>=?:,;.()\[\]{}]|[*/%&|^+]=))")


class _PostLexer:
    """Typedef names to TYPE_NAME, macro expansion, dropping of GNU noise."""

    always_accept = ("IDENTIFIER",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        ctx: _Context = getattr(_state, "ctx", None) or _Context()
        typedefs = set(BUILTIN_TYPEDEFS) | OPAQUE_BUILTIN_TYPES
        # typedef tracking: inside `typedef ... ;` (at the brace depth where it
        # starts) the last plain identifier before `,`/`;`, or the first one
        # inside `( ... )` as in `typedef int (*fp)(int)`, is the declared name
        typedef_depth: int | None = None
        depth = parens = 0
        candidate: str | None = None
        skip_group = 0  # >0: inside a dropped __attribute__((...)) group
        pending_group = False
        for tok in self._expand(stream, ctx):
            if pending_group or skip_group:
                if tok.value == "(":
                    skip_group += 1
                    pending_group = False
                    continue
                if skip_group:
                    skip_group -= tok.value == ")"
                    continue
                pending_group = False  # a dropped word without arguments
            if tok.type == "IDENTIFIER":
                if tok.value in _DROPPED:
                    continue
                if tok.value in _DROPPED_WITH_ARGS:
                    pending_group = True
                    continue
                if tok.value in ("__signed", "__signed__"):
                    tok = Token.new_borrow_pos(_terminal_kinds()["signed"], "signed", tok)
            if tok.value == "{":
                depth += 1
            elif tok.value == "}":
                depth -= 1
            elif tok.type == "TYPEDEF" and typedef_depth is None:
                typedef_depth, parens, candidate = depth, 0, None
            elif typedef_depth is not None and depth == typedef_depth:
                if tok.value == "(":
                    parens += 1
                elif tok.value == ")":
                    parens -= 1
                elif tok.type == "IDENTIFIER" and (parens == 0 or (parens == 1 and candidate is None)):
                    candidate = tok.value
                elif parens == 0 and tok.value in (",", ";"):
                    if candidate:
                        typedefs.add(candidate)
                    candidate = None
                    if tok.value == ";":
                        typedef_depth = None
            if tok.type == "IDENTIFIER":
                if tok.value in typedefs:
                    tok = Token.new_borrow_pos("TYPE_NAME", tok.value, tok)
                elif tok.value in _terminal_kinds():
                    # the contextual lexer reads a keyword the parser does not expect
                    # here as an IDENTIFIER; give it back its kind for the error message
                    tok = Token.new_borrow_pos(_terminal_kinds()[tok.value], tok.value, tok)
            yield tok

    def _expand(self, stream: Iterator[Token], ctx: _Context) -> Iterator[Token]:
        for tok in stream:
            if tok.type == "IDENTIFIER":
                expansion = ctx.expansions.get((tok.line, tok.column)) if ctx.expansions else None
                if expansion is not None:  # a function-like macro's invocation (`c_macros`): names left in
                    yield from self._macro_tokens(expansion, tok, ctx, 0, note=False)  # it are no invocations
                    continue
                self._note_function_like(tok.value, tok, ctx)
                body = self._macro(tok.value, tok.line, ctx)
                if body is not None:
                    yield from self._macro_tokens(body, tok, ctx, 0)
                    continue
            yield tok

    @staticmethod
    def _note_function_like(name: str, at: Token, ctx: _Context) -> None:
        """Record a use of `name` at `at` if it is a function-like macro there."""
        for macro in reversed(ctx.macros.get(name, [])):
            if macro.line < at.line < macro.until:
                if macro.function_like:
                    ctx.macro_uses.append((name, macro.line, at.line, at.column))
                return

    @staticmethod
    def _macro(name: str, line: int, ctx: _Context) -> str | None:
        for macro in reversed(ctx.macros.get(name, [])):
            if macro.line < line < macro.until:
                return None if macro.function_like else macro.body
        if name in ctx.macros:
            return None
        if ctx.data_model == "ILP32" and name in _ILP32_MACROS:
            return _ILP32_MACROS[name]
        return _BUILTIN_MACROS.get(name)

    def _macro_tokens(self, body: str, at: Token, ctx: _Context, level: int, note: bool = True) -> Iterator[Token]:
        if level > 32:
            raise InputError(getattr(_state, "path", ""), at.line, at.column,
                             f"macro '{at.value}' expands recursively")
        kinds = _terminal_kinds()
        pos = 0
        body = _strip_comment(body).strip()
        while pos < len(body):
            m = _MACRO_TOKEN.match(body, pos)
            if not m or m.end() == pos:
                raise InputError(getattr(_state, "path", ""), at.line, at.column,
                                 f"cannot expand macro '{at.value}': {body!r}")
            pos = m.end()
            kind = m.lastgroup
            text = m.group(kind)
            if kind == "ident":
                if note:
                    self._note_function_like(text, at, ctx)
                inner = self._macro(text, at.line, ctx)
                if inner is not None and text != at.value:
                    yield from self._macro_tokens(inner, at, ctx, level + 1)
                    continue
                ttype = kinds.get(text, "IDENTIFIER")
            elif kind == "op":
                ttype = kinds[text]
            else:
                ttype = {"int": "INT_LIT", "float": "FLOAT_LIT", "char": "CHAR_LIT",
                         "string": "STRING_LIT"}[kind]
            yield Token.new_borrow_pos(ttype, text, at)


_kinds: dict[str, str] = {}


def _terminal_kinds() -> dict[str, str]:
    """Literal text -> terminal name, for the string terminals of the grammar."""
    if not _kinds:
        for term in get_parser().terminals:
            if term.pattern.type == "str":
                _kinds[term.pattern.value] = term.name
    return _kinds


# -------------------------------------------------------------------- parsing

#: sample mistakes -> what to tell the user (matched on the parser state)
_EXAMPLES: dict[str, list[str]] = {
    "missing ';'": [
        "int f() { int x = 1 return x; }", "int f() { int x = 1 int y; }",
        "int f() { x = y return x; }", "int f() { x = 1 }", "int f() { f() }",
        "int f() { return 0 }", "int f() { x++ }", "int f() { x = (y) }",
        "int x = 1 int y;", "int x int y;", "int f() { int x }", "int f() { int x int y; }",
        "int f() { break }", "int f() { continue }", "int f() { do x++; while (x) }",
        "int f(); int g() { f() g(); }", "int f() { x = y z = 1; }",
    ],
    "unbalanced braces: missing '}'": [
        "int f() { return 0;", "int f() { if (x) { return 0; }", "int f() { while (1) { x = 1; ",
    ],
    "a declaration needs a type: implicit 'int' is not C99": [
        "main() { return 0; }", "int x; f(int y) { return y; }", "int f() { return 0; } g() { }",
    ],
    "unbalanced braces: '}' without a matching '{'": [
        "int f() { return 0; } }", "}",
    ],
    "unbalanced parentheses": [
        "int f() { if (x > 0 { } }", "int f() { x = (1 + 2; }", "int f() { f(1, 2; }",
        "int f() { while (x { } }", "int f() { x = (1 + 2)); }",
    ],
    "'else' without a matching 'if'": ["int f() { else { } }", "int f() { x = 1; else x = 2; }"],
}


def parse_tree(source: str, path: str, data_model: str = "LP64",
               macro_uses: list[tuple[str, int, int, int]] | None = None,
               ignored: frozenset[str] = frozenset()) -> Tree:
    """Parse `source` (the text of `path`) into the grammar's tree; `data_model`
    decides the values of limits.h's `long` macros. Each use of a function-like
    macro (never expanded) goes into `macro_uses` as (name, the line of its
    definition, line, column). Definitions of the functions `ignored` keep an
    empty body."""
    text, ctx = _preprocess(source, path)
    ctx.data_model = data_model
    if any(m.function_like for macros in ctx.macros.values() for m in macros):
        text, ctx.expansions = expand_function_macros(text, lambda name, line: _macro_at(name, line, ctx))
    text = _blank_bodies(_blank_attributes(text), ignored)
    if text.count("/*") > text.count("*/"):  # cheap test first: the full scan takes a while
        _check_comments(text, path)
    parser = get_parser()
    _state.ctx, _state.path = ctx, path
    try:
        tree = parser.parse(text)
        if macro_uses is not None:
            macro_uses.extend(ctx.macro_uses)
        return tree
    except UnexpectedInput as err:
        _check_comments(text, path)
        raise _syntax_error(err, text, path) from None
    finally:
        _state.ctx = None


_COMMENT_OR_LITERAL = re.compile(r"""//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|(/\*)""",
                                 re.S)


def _check_comments(text: str, path: str) -> None:
    """Raise the syntax error of a `/*` comment that is never closed."""
    for m in _COMMENT_OR_LITERAL.finditer(text):
        if m.group(1):
            line = text.count("\n", 0, m.start()) + 1
            column = m.start() - text.rfind("\n", 0, m.start())
            raise InputError(path, line, column, "syntax error: unterminated comment ('/*' without "
                             "a closing '*/')")


def _syntax_error(err: UnexpectedInput, text: str, path: str) -> InputError:
    if isinstance(err, UnexpectedCharacters):
        char = text[err.pos_in_stream] if err.pos_in_stream < len(text) else "?"
        what = "string literal" if char == '"' else f"character {char!r}"
        return InputError(path, err.line, err.column, f"syntax error: unexpected {what}")
    label = None
    try:
        _state.ctx = _Context()
        label = err.match_examples(get_parser().parse, _EXAMPLES, use_accepts=False)
    except Exception:  # an example that unexpectedly parses must not hide the error
        label = None
    if isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken)
                                          and err.token.type == "$END"):
        lines = text.split("\n")
        line = len(lines)
        while line > 1 and not lines[line - 1].strip():
            line -= 1
        col = len(lines[line - 1].rstrip()) + 1 if lines else 1
        msg = "syntax error: unexpected end of file"
        return InputError(path, line, col, f"{msg} ({label})" if label else msg)
    assert isinstance(err, UnexpectedToken)
    tok = err.token
    found = f"'{tok.value}'" if tok.value else tok.type
    msg = f"syntax error: unexpected {found}"
    expected = set(err.accepts or err.expected or ())
    if label is None and "SEMICOLON" in expected and tok.type not in ("LPAR", "LSQB"):
        label = "missing ';'"
    if label == "missing ';'":
        msg = f"syntax error: expected ';' before {found}"
    elif label:
        msg += f" ({label})"
    return InputError(path, tok.line or 0, tok.column or 0, msg)
