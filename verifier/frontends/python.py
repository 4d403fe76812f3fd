"""Python-subset frontend: source text -> `verifier.ir.Program` (math semantics).

`parse_python(source, path)` and `load_python(path)` return a Program with
``language="python"``, ``semantics="math"``: every integer is `MATH_INT`
(Python's unbounded int), `//` and `%` are ``floordiv``/``floormod``, and each
division or remainder is preceded by ``Assert(divisor != 0,
kind="div-by-zero")``, each shift by ``Assert(count >= 0, kind="shift")``.

Input errors (`InputError`): a file that cannot be read (kind ``file``), a
syntax error (kind ``syntax``, with line and column), a module-level
statement outside the subset (kind ``unsupported``). A construct outside the
subset inside a function does not raise: that function gets
`Function.unsupported` (message and position) and an empty body, and the
other functions are still lowered. A function that calls an unsupported one
becomes unsupported too, so no engine ever sees a call to an empty body.

Conventions of the lowered IR (on top of those of `verifier.ir`):

- every node has a `Loc` (1-based line and column, Lark's convention);
  a `Binary` has its operator's position where the grammar keeps the operator
  token (arithmetic, shifts, comparisons), else the expression's start; an
  `Assert` for ``assert`` is at the ``assert`` keyword; a div-by-zero or shift
  `Assert` is on the line where CPython reports the exception (the start of
  the binary expression, or of the target of an augmented assignment), at the
  operator's column when the operator is on that line;
- expressions are pure: every call is hoisted into a temporary
  (``$call1 = f(x)``) unless it is the whole value of an assignment, return
  or expression statement, and every check or call an expression needs sits
  in statements before it, in Python's evaluation order. Short-circuit
  operands (right of ``and``/``or``, later links of a chained comparison,
  branches of ``a if c else b``) that need such statements are lowered into
  `If` statements, so their checks only run when Python would evaluate them;
- temporaries are locals whose names start with ``$`` (never a Python name);
- parameters are `MATH_INT`, or `BOOL` when annotated ``bool`` or guarded by
  ``isinstance(x, bool)``; other locals are `MATH_INT` (a bool value stored
  into one is ``Cast`` to 0/1, which is exactly Python's value of it);
  `Function.ret_type` is `MATH_INT` when the function returns a value, else None;
- ``for i in range(a, b, k)`` (constant k != 0) becomes a hidden counter
  ``$i1 = a`` and ``While($i1 < b, [i = $i1] + body, step=[$i1 = $i1 + k])``
  (``>`` when k < 0): bounds are evaluated once, ``continue`` runs the step,
  and ``i`` keeps its last value after the loop (its old value if the loop
  never ran).

Leading ``assert isinstance(x, int) and isinstance(y, bool)`` statements (the
seed article's type guards) are dropped, and mark parameter types.
"""

from __future__ import annotations

import builtins
import re
import threading
import warnings
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError
from lark.indenter import Indenter

from verifier.errors import InputError, UnsupportedConstruct
from verifier.ir import (
    BOOL,
    MATH_INT,
    Assert,
    Assign,
    Assume,
    Binary,
    Break,
    Call,
    Cast,
    Const,
    Continue,
    Expr,
    ExprStmt,
    Function,
    If,
    Ite,
    Loc,
    Param,
    Program,
    Return,
    Stmt,
    Type,
    Unary,
    Var,
    While,
)

__all__ = ["parse_python", "load_python"]

T = TypeVar("T")

#: `x ** k` with a non-constant base expands into k - 1 multiplications; past
#: this the formula grows for no benefit, so larger exponents are unsupported.
MAX_POWER_EXPANSION = 64
#: constant folding of `a ** k` stops at results this many bits wide (a huge
#: literal helps no solver and `2 ** 10**9` would hang the frontend).
MAX_FOLDED_BITS = 4096

# ------------------------------------------------------------------ public API


def parse_python(source: str, path: str) -> Program:
    """Parse and lower Python `source` (named `path` in positions) into a Program.

    Raises `InputError` (kind ``syntax``) for a syntax error and
    `UnsupportedConstruct` for a module-level statement outside the subset.
    Functions using a construct outside the subset come back with
    `Function.unsupported` set instead of raising.
    """
    if source.startswith("\ufeff"):
        source = source[1:]
    tree = _parse(source, path)
    try:
        return _ModuleLowerer(source, path).lower(tree)
    except VisitError as e:  # not expected (no Transformer runs), but never leak Lark's wrapper
        if isinstance(e.orig_exc, InputError):
            raise e.orig_exc from None
        raise


def load_python(path: str | Path) -> Program:
    """Read the Python file at `path` and return `parse_python` of it.

    A missing, unreadable, empty, binary or non-UTF-8 file raises
    ``InputError(path, 0, 0, message, kind="file")``.
    """
    name = str(path)
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(name, 0, 0, "no such file", "file") from None
    except IsADirectoryError:
        raise InputError(name, 0, 0, "is a directory, not a Python file", "file") from None
    except OSError as e:
        raise InputError(name, 0, 0, f"cannot read file: {e.strerror or e}", "file") from None
    if not data.strip():
        raise InputError(name, 0, 0, "empty file", "file")
    if b"\x00" in data:
        raise InputError(name, 0, 0, "binary file (contains NUL bytes), not Python source", "file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(name, 0, 0, f"not UTF-8 text (invalid byte at offset {e.start})", "file") from None
    return parse_python(text, name)


# --------------------------------------------------------------------- parsing

_PARSER: Lark | None = None
_PARSER_LOCK = threading.Lock()  # the post-lexer keeps per-parse state


class _SourceError(Exception):
    """A syntax error found by the post-lexer (brackets, dedent)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


_CLOSING = {"(": ")", "[": "]", "{": "}"}


class _Indenter(Indenter):
    """Python's INDENT/DEDENT post-lexer, which also reports bracket errors
    (``unmatched ')'``, ``'(' was never closed``) and inconsistent dedents
    as `_SourceError` with a position, instead of Lark's bare assertions."""

    NL_type = "_NEWLINE"
    OPEN_PAREN_types = ["LPAR", "LSQB", "LBRACE"]
    CLOSE_PAREN_types = ["RPAR", "RSQB", "RBRACE"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 8

    def __init__(self) -> None:
        super().__init__()
        self.open_brackets: list[Token] = []

    def process(self, stream):  # type: ignore[no-untyped-def]
        self.paren_level = 0
        self.indent_level = [0]
        self.open_brackets = []
        return self._process(stream)

    def handle_NL(self, token: Token):  # type: ignore[no-untyped-def]
        if self.paren_level > 0:
            return
        yield token
        indent_str = token.rsplit("\n", 1)[1]
        indent = indent_str.count(" ") + indent_str.count("\t") * self.tab_len
        if indent > self.indent_level[-1]:
            self.indent_level.append(indent)
            yield Token.new_borrow_pos(self.INDENT_type, indent_str, token)
        else:
            while indent < self.indent_level[-1]:
                self.indent_level.pop()
                yield Token.new_borrow_pos(self.DEDENT_type, indent_str, token)
            if indent != self.indent_level[-1]:
                raise _SourceError(
                    "unindent does not match any outer indentation level",
                    token.end_line or 0, (token.end_column or 1))

    def _process(self, stream):  # type: ignore[no-untyped-def]
        token = None
        for token in stream:
            if token.type in self.CLOSE_PAREN_types:
                if not self.open_brackets:
                    raise _SourceError(f"unmatched '{token}'", token.line or 0, token.column or 0)
                opener = self.open_brackets[-1]
                if _CLOSING[str(opener)] != str(token):
                    raise _SourceError(
                        f"closing parenthesis '{token}' does not match opening "
                        f"parenthesis '{opener}' on line {opener.line}",
                        token.line or 0, token.column or 0)
            if token.type == self.NL_type:
                yield from self.handle_NL(token)
            else:
                yield token
            if token.type in self.OPEN_PAREN_types:
                self.paren_level += 1
                self.open_brackets.append(token)
            elif token.type in self.CLOSE_PAREN_types:
                self.paren_level -= 1
                self.open_brackets.pop()
        if self.open_brackets:
            opener = self.open_brackets[-1]
            raise _SourceError(f"'{opener}' was never closed", opener.line or 0, opener.column or 0)
        while len(self.indent_level) > 1:
            self.indent_level.pop()
            yield (Token.new_borrow_pos(self.DEDENT_type, "", token) if token
                   else Token(self.DEDENT_type, "", 0, 1, 1, 1, 1, 0))


def _grammar_text() -> str:
    try:
        from importlib.resources import files

        resource = files("verifier.grammars").joinpath("python.lark")
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (ImportError, OSError, TypeError, ValueError):
        pass  # not installed as a package: use the source tree's grammars/
    return (Path(__file__).resolve().parents[2] / "grammars" / "python.lark").read_text(encoding="utf-8")


def _parser() -> Lark:
    """The LALR parser, built on first use (and cached on disk by Lark)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = Lark(_grammar_text(), parser="lalr", postlex=_Indenter(), start="file_input",
                       propagate_positions=True, maybe_placeholders=True, cache=True)
    return _PARSER


#: sample mistakes -> the message shown instead of "unexpected token"
#: (matched on the parser state by `_match_example`)
_SYNTAX_EXAMPLES: dict[str, list[str]] = {
    "expected ':'": [
        "def f(x)\n    return x\n",
        "def f(x) -> int\n    return x\n",
        "def f()\n    return 1\n",
        "if x\n    pass\n",
        "if x:\n    pass\nelif y\n    pass\n",
        "if x:\n    pass\nelse\n    pass\n",
        "while x\n    pass\n",
        "while x < 3\n    pass\n",
        "for i in range(3)\n    pass\n",
        "for i in r\n    pass\n",
        "if f(x)\n    pass\n",
        "if a < b\n    pass\n",
    ],
    "expected an indented block": [
        "def f(x):\nreturn x\n",
        "if x:\npass\n",
        "while x:\npass\n",
        "for i in range(3):\npass\n",
        "if x:\n    pass\nelse:\npass\n",
    ],
    "unexpected indent": [
        "x = 1\n    y = 2\n",
        "def f():\n    x = 1\n        y = 2\n",
        "    x = 1\n",
    ],
    "unbalanced parentheses: an opening '(' is never closed": [
        "x = (1 + 2\ny = 3\n",
        "x = f(1\ny = 3\n",
        "def f(x:\n    return x\n",
    ],
    "invalid syntax: '=' in a condition (use '==' to compare)": [
        "if x = 1:\n    pass\n",
        "while x = 1:\n    pass\n",
    ],
}


def _describe(token: Token) -> str:
    names = {"_NEWLINE": "end of line", "$END": "end of file", "_INDENT": "indent",
             "_DEDENT": "dedent"}
    return names.get(token.type, f"'{token}'")


def _syntax_error(source: str, path: str, err: Exception, open_brackets: list[Token]) -> InputError:
    """The InputError for a failed parse (``unsupported`` if CPython accepts the file)."""
    if isinstance(err, _SourceError):
        return InputError(path, err.line, err.column, f"syntax error: {err.message}", "syntax")
    line = getattr(err, "line", 0) or 0
    column = getattr(err, "column", 0) or 0
    if line <= 0:
        line = max(1, source.count("\n") + (0 if source.endswith("\n") else 1))
        column = 0
    if _cpython_accepts(source, path):
        what = f" at {_describe(err.token)}" if isinstance(err, UnexpectedToken) else ""
        return InputError(path, line, column,
                          f"unsupported syntax{what}: valid Python, but outside the grammar of the "
                          "Python subset (which has no match, async, await or type statements)",
                          "unsupported")
    if isinstance(err, UnexpectedCharacters):
        ch = source[err.pos_in_stream] if 0 <= err.pos_in_stream < len(source) else ""
        if ch in ("'", '"'):
            return InputError(path, line, column, "syntax error: unterminated string literal", "syntax")
        return InputError(path, line, column, f"syntax error: invalid character {ch!r}", "syntax")
    if isinstance(err, UnexpectedToken):
        if open_brackets and open_brackets[-1].line and open_brackets[-1].line < line:
            opener = open_brackets[-1]
            return InputError(path, opener.line, opener.column,
                              f"syntax error: '{opener}' was never closed", "syntax")
        label = _match_example(err)
        expected = set(err.accepts or err.expected or ())
        if label is None:
            if err.token.type == "_INDENT":
                label = "unexpected indent"
            elif err.token.type == "_NEWLINE" and "COLON" in expected:
                label = "expected ':'"
            elif expected == {"_INDENT"}:
                label = "expected an indented block"
            else:
                label = f"invalid syntax: unexpected {_describe(err.token)}"
        return InputError(path, line, column, f"syntax error: {label}", "syntax")
    return InputError(path, line, column, f"syntax error: {err}", "syntax")


_EXAMPLE_SIGNATURES: dict[tuple[object, str], str] | None = None


def _match_example(err: UnexpectedToken) -> str | None:
    """The label of `_SYNTAX_EXAMPLES` whose sample fails like `err` does.

    Like Lark's `UnexpectedInput.match_examples`, but matched on the LALR
    state and the unexpected token type only: match_examples also compares
    the depth of the parser stack, so a sample written at module level would
    not match the same mistake inside a function body.
    """
    global _EXAMPLE_SIGNATURES
    if _EXAMPLE_SIGNATURES is None:
        signatures: dict[tuple[object, str], str] = {}
        for label, samples in _SYNTAX_EXAMPLES.items():
            for sample in samples:
                try:
                    _parser().parse(sample)
                except UnexpectedToken as ut:
                    if ut.state is not None:
                        signatures.setdefault((ut.state.position, ut.token.type), label)
                except (UnexpectedInput, _SourceError):
                    pass
        _EXAMPLE_SIGNATURES = signatures
    if err.state is None:
        return None
    return _EXAMPLE_SIGNATURES.get((err.state.position, err.token.type))


def _cpython_accepts(source: str, path: str) -> bool:
    return _cpython_syntax_error(source, path) is None


def _cpython_syntax_error(source: str, path: str) -> SyntaxError | None:
    """CPython's own verdict (compile only, nothing runs): None if it accepts `source`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        return e
    except (ValueError, RecursionError, MemoryError) as e:
        return SyntaxError(str(e))
    return None


def _parse(source: str, path: str) -> Tree:
    """Lark's parse tree of `source`, or the InputError of its syntax error.

    After Lark, CPython's compiler checks what the grammar lets through
    (``break`` outside a loop, assignment to a literal, bad tab use...), so a
    file verify accepts always runs.
    """
    text = source if source.endswith("\n") else source + "\n"
    with _PARSER_LOCK:
        parser = _parser()
        try:
            tree = parser.parse(text)
        except (UnexpectedInput, _SourceError) as e:
            indenter = parser.options.postlex
            brackets = list(getattr(indenter, "open_brackets", []))
            raise _syntax_error(text, path, e, brackets) from None
    err = _cpython_syntax_error(source, path)
    if err is not None:
        line = err.lineno or 0
        column = (err.offset or 0) if line else 0
        raise InputError(path, line, column, f"syntax error: {err.msg}", "syntax")
    return tree


# ------------------------------------------------------------------- helpers


def _pos(node: Tree | Token | None) -> tuple[int, int]:
    if isinstance(node, Token):
        return node.line or 0, node.column or 0
    if isinstance(node, Tree) and not node.meta.empty:
        return node.meta.line, node.meta.column
    return 0, 0


def _stmts_of(suite: Tree | None) -> list[Tree]:
    """The statements of a suite (or of a file), `a; b` lines flattened."""
    if suite is None:
        return []
    out: list[Tree] = []
    for child in suite.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "simple_stmt":
            out.extend(c for c in child.children if isinstance(c, Tree))
        else:
            out.append(child)
    return out


_NO_DESCEND = frozenset({"funcdef", "classdef", "lambdef", "lambdef_nocond", "decorated"})


def _walk(tree: Tree) -> Iterable[Tree]:
    """Subtrees of `tree` (itself included), not entering nested scopes."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in reversed(node.children):
            if isinstance(child, Tree) and child.data not in _NO_DESCEND:
                stack.append(child)


def _target_names(target: Tree | Token | None) -> list[str]:
    if isinstance(target, Tree):
        if target.data == "var":
            return [str(target.children[0])]
        if target.data in ("tuple", "list", "star_expr"):
            return [n for c in target.children for n in _target_names(c)]
    return []


def _assigned_names(tree: Tree) -> list[str]:
    """Names bound anywhere in `tree` (Python makes them locals), in order."""
    names: dict[str, None] = {}
    for node in _walk(tree):
        if node.data == "assign":
            for target in node.children[:-1]:
                names.update(dict.fromkeys(_target_names(target)))
        elif node.data in ("augassign", "annassign", "for_stmt"):
            names.update(dict.fromkeys(_target_names(node.children[0])))
        elif node.data == "assign_expr":
            names[str(node.children[0])] = None
    return list(names)


def _returns(tree: Tree) -> tuple[bool, bool]:
    """(some `return` has a value, some `return` has none) in a function body."""
    with_value = without = False
    for node in _walk(tree):
        if node.data == "return_stmt":
            if node.children and node.children[0] is not None:
                with_value = True
            else:
                without = True
    return with_value, without


def _is_simple(e: Expr) -> bool:
    return isinstance(e, (Var, Const))


def _names_read(e: Expr) -> set[str]:
    out: set[str] = set()
    stack: list[Expr] = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, Var):
            out.add(x.name)
        elif isinstance(x, Unary | Cast):
            stack.append(x.arg)
        elif isinstance(x, Binary):
            stack += [x.left, x.right]
        elif isinstance(x, Ite):
            stack += [x.cond, x.then, x.other]
        elif isinstance(x, Call):
            stack += list(x.args)
    return out


def _as_int(e: Expr) -> Expr:
    """`e` as a MATH_INT value (a bool is 0/1, as in Python arithmetic)."""
    if e.type == MATH_INT:
        return e
    if isinstance(e, Const):
        return Const(e.value, MATH_INT, e.loc)
    return Cast(e, MATH_INT, e.loc)


def _truthy(e: Expr) -> Expr:
    """Python's truth value of `e`, as a BOOL."""
    if e.type == BOOL:
        return e
    if isinstance(e, Const):
        return Const(int(e.value != 0), BOOL, e.loc)
    return Binary("ne", e, Const(0, MATH_INT, e.loc), BOOL, e.loc)


def _not(e: Expr, loc: Loc) -> Expr:
    if isinstance(e, Const):
        return Const(1 - e.value, BOOL, loc)
    if isinstance(e, Unary) and e.op == "not":
        return e.arg
    return Unary("not", e, BOOL, loc)


_COMPARE = {"<": "lt", ">": "gt", "==": "eq", ">=": "ge", "<=": "le", "!=": "ne"}
_ARITH = {"+": "add", "-": "sub", "*": "mul", "//": "floordiv", "%": "floormod",
          "<<": "shl", ">>": "shr", "&": "band", "|": "bor", "^": "bxor"}
_BOOL_BITWISE = {"&": "land", "|": "lor", "^": "ne"}

#: parse-tree rules outside the subset -> (what to call them, is it a data type)
_UNSUPPORTED: dict[str, tuple[str, bool]] = {
    "list": ("list literal", True),
    "list_comprehension": ("list comprehension", True),
    "tuple": ("tuple", True),
    "testlist_tuple": ("tuple", True),
    "tuple_comprehension": ("generator expression", True),
    "dict": ("dict literal", True),
    "dict_comprehension": ("dict comprehension", True),
    "set": ("set literal", True),
    "set_comprehension": ("set comprehension", True),
    "string": ("string", True),
    "string_concat": ("string", True),
    "const_none": ("None", True),
    "getitem": ("subscript", True),
    "slice": ("slice", True),
    "subscript_tuple": ("subscript", True),
    "getattr": ("attribute access", False),
    "lambdef": ("lambda", False),
    "assign_expr": ("assignment expression ':='", False),
    "yield_expr": ("yield", False),
    "yield_from": ("yield from", False),
    "star_expr": ("starred expression", False),
    "ellipsis": ("'...' (Ellipsis)", True),
    "funcdef": ("nested function definition", False),
    "classdef": ("class definition", False),
    "decorated": ("decorated definition", False),
    "del_stmt": ("del statement", False),
    "raise_stmt": ("raise statement", False),
    "yield_stmt": ("yield", False),
    "import_name": ("import inside a function", False),
    "import_from": ("import inside a function", False),
    "global_stmt": ("global statement", False),
    "nonlocal_stmt": ("nonlocal statement", False),
    "try_stmt": ("try statement", False),
    "try_finally": ("try statement", False),
    "with_stmt": ("with statement", False),
}

_MODULE_STMT_NAMES = {"assign": "assignment", "augassign": "augmented assignment",
                      "annassign": "annotated assignment", "expr_stmt": "expression statement",
                      "if_stmt": "if statement", "while_stmt": "while loop", "for_stmt": "for loop",
                      "assert_stmt": "assert statement", "return_stmt": "return statement",
                      "break_stmt": "break statement", "continue_stmt": "continue statement"}
_NON_INT_TYPES = frozenset({"str", "float", "complex", "list", "tuple", "dict", "set",
                            "frozenset", "bytes", "bytearray", "range", "type", "NoneType"})
_BUILTIN_NAMES = frozenset(dir(builtins))
_ASSUME_MODULES = ("verifier", "verifier.runtime")


# ------------------------------------------------------------ module lowering


class _ModuleLowerer:
    """Lowers a parse tree of a whole file: module-level rules, then each function."""

    def __init__(self, source: str, path: str) -> None:
        self.source = source
        self.path = path
        self.functions: dict[str, _FunctionLowerer] = {}
        self.assume_names: set[str] = set()

    def error(self, node: Tree | Token, message: str) -> UnsupportedConstruct:
        line, col = _pos(node)
        return UnsupportedConstruct(self.path, line, col, message)

    def lower(self, tree: Tree) -> Program:
        for stmt in _stmts_of(tree):
            self._module_stmt(stmt)
        for fl in self.functions.values():
            fl.prepare()
        for fl in self.functions.values():
            fl.lower_body()
        self._propagate_unsupported()
        functions = {name: fl.function for name, fl in self.functions.items()}
        return Program(self.path, "python", "math", functions, source=self.source)

    def _module_stmt(self, stmt: Tree) -> None:
        kind = stmt.data
        if kind == "funcdef":
            self._add_function(stmt, None)
        elif kind == "decorated":
            inner = stmt.children[-1]
            if not (isinstance(inner, Tree) and inner.data == "funcdef"):
                raise self.error(stmt, "unsupported construct: class definition (the Python subset "
                                       "has only functions over int and bool)")
            self._add_function(inner, stmt)
        elif kind == "import_from":
            self._import_from(stmt)
        elif kind == "import_name":
            raise self.error(stmt, "unsupported construct: import (the only import allowed is "
                                   "'from verifier import assume')")
        elif kind == "expr_stmt" and _is_plain_string(stmt.children[0]):
            pass  # module docstring, or a string used as a comment
        elif kind == "pass_stmt":
            pass
        elif kind == "if_stmt" and _is_main_guard(stmt):
            pass  # the script part of the file; never analysed
        else:
            what = _MODULE_STMT_NAMES.get(kind) or _UNSUPPORTED.get(kind, (kind, False))[0]
            raise self.error(stmt, f"unsupported construct: module-level {what} (only function "
                                   "definitions, 'from verifier import assume', docstrings and an "
                                   "'if __name__ == \"__main__\":' block may appear at module level)")

    def _import_from(self, stmt: Tree) -> None:
        module_parts = [c for c in stmt.children if isinstance(c, Tree) and c.data in ("dots", "dotted_name")]
        names_tree = stmt.children[-1]
        module = "".join(
            "".join(str(t) for t in p.children) if p.data == "dots" else ".".join(str(t) for t in p.children)
            for p in module_parts)
        if module == "__future__":
            return
        if (module not in _ASSUME_MODULES or not isinstance(names_tree, Tree)
                or names_tree.data != "import_as_names"):
            raise self.error(stmt, f"unsupported construct: import from '{module}' (the only import "
                                   "allowed is 'from verifier import assume')")
        for item in names_tree.children:
            if not isinstance(item, Tree):
                continue
            name, alias = item.children
            if str(name) != "assume":
                raise self.error(item, f"unsupported construct: import of '{name}' from '{module}' "
                                       "(the only import allowed is 'from verifier import assume')")
            self.assume_names.add(str(alias or name))

    def _add_function(self, tree: Tree, decorated: Tree | None) -> None:
        name = str(tree.children[0])
        self.functions.pop(name, None)  # a redefinition replaces the first (Python keeps the last)
        self.functions[name] = _FunctionLowerer(self, tree, decorated)

    def _propagate_unsupported(self) -> None:
        changed = True
        while changed:
            changed = False
            for fl in self.functions.values():
                fn = fl.function
                if fn.unsupported:
                    continue
                for callee, loc in fl.call_sites:
                    target = self.functions[callee]
                    if target.function.unsupported:
                        message, where = target.root_cause
                        fl.make_unsupported(f"call to '{callee}', which is outside the Python "
                                            f"subset: {message} (line {where.line})", loc)
                        fl.root_cause = target.root_cause
                        changed = True
                        break


def _is_plain_string(node: Tree | Token | None) -> bool:
    """A string literal without an f prefix (evaluating it has no effect)."""
    if not isinstance(node, Tree):
        return False
    if node.data == "string_concat":
        return all(_is_plain_string(c) for c in node.children)
    if node.data == "string":
        prefix = re.match(r"[a-zA-Z]*", str(node.children[0])).group(0)  # type: ignore[union-attr]
        return "f" not in prefix.lower()
    return False


def _is_main_guard(stmt: Tree) -> bool:
    cond, _body, elifs, other = stmt.children
    if other is not None or (isinstance(elifs, Tree) and elifs.children):
        return False
    if not (isinstance(cond, Tree) and cond.data == "comparison" and len(cond.children) == 3):
        return False
    left, op, right = cond.children
    if "".join(str(t) for t in op.children) != "==":
        return False
    sides = {_main_side(left), _main_side(right)}
    return sides == {"name", "main"}


def _main_side(node: Tree | Token) -> str:
    if isinstance(node, Tree) and node.data == "var" and str(node.children[0]) == "__name__":
        return "name"
    if isinstance(node, Tree) and node.data == "string" and str(node.children[0]).strip("'\"") == "__main__":
        return "main"
    return ""


# ---------------------------------------------------------- function lowering


class _FunctionLowerer:
    """Lowers one `def` into an `ir.Function`.

    Statements are lowered top-down into `self.out` (the block being filled);
    `_value`/`_cond` return a pure expression after emitting, into `self.out`,
    the checks and calls its evaluation needs. A construct outside the subset
    raises `UnsupportedConstruct`, which `lower_body` records on the function.
    """

    def __init__(self, module: _ModuleLowerer, tree: Tree, decorated: Tree | None) -> None:
        self.module = module
        self.path = module.path
        self.tree = tree
        self.decorated = decorated
        name, _params, _ret, suite = tree.children
        self.name = str(name)
        self.suite = suite
        line, col = _pos(tree)
        self.function = Function(self.name, [], None, [], loc=Loc(self.path, line, col),
                                 end_line=_last_line(tree))
        self.param_types: dict[str, Type] = {}
        self.param_count: int | None = None  # None: unknown (unsupported signature)
        self.returns_value, self.returns_none = _returns(suite)
        self.locals: dict[str, Type] = {}
        self.assigned: set[str] = set()
        self.temps: dict[str, Type] = {}
        self.call_sites: list[tuple[str, Loc]] = []
        #: the construct that made this function (or one it calls) unsupported
        self.root_cause: tuple[str, Loc] = ("", Loc())
        self.out: list[Stmt] = []
        self.body_trees: list[Tree] = []
        self._counter = 0

    # ----------------------------------------------------------- entry points

    def prepare(self) -> None:
        """Signature, guards and locals (what callers need to know)."""
        try:
            if self.returns_value:
                self.function.ret_type = MATH_INT
            self._signature()
            if self.decorated is not None:
                raise self.error(self.decorated, "unsupported construct: decorator")
            self.body_trees = self._strip_guards(_stmts_of(self.suite))
            for name in _assigned_names(self.suite):
                if name not in self.param_types:
                    self.locals[name] = MATH_INT
                self.assigned.add(name)
        except UnsupportedConstruct as e:
            self._record(e)

    def lower_body(self) -> None:
        if self.function.unsupported:
            return
        try:
            self.out = []
            for stmt in self.body_trees:
                self._stmt(stmt)
            self.function.body = self.out
            self.function.locals = {**self.locals, **self.temps}
        except UnsupportedConstruct as e:
            self._record(e)
        except RecursionError:
            self.make_unsupported("unsupported construct: expression nested too deeply", self.function.loc)

    def make_unsupported(self, message: str, loc: Loc) -> None:
        self.root_cause = (message, loc)
        fn = self.function
        fn.unsupported, fn.unsupported_loc = message, loc
        fn.body, fn.locals = [], {}

    def _record(self, e: UnsupportedConstruct) -> None:
        self.make_unsupported(e.message, Loc(self.path, e.line, e.column))

    # ---------------------------------------------------------------- helpers

    def error(self, node: Tree | Token | None, message: str) -> UnsupportedConstruct:
        line, col = _pos(node)
        return UnsupportedConstruct(self.path, line, col, message)

    def unsupported(self, node: Tree, what: str | None = None,
                    data_type: bool | None = None) -> UnsupportedConstruct:
        known = _UNSUPPORTED.get(node.data, (node.data.replace("_", " "), False))
        what = what or known[0]
        data_type = known[1] if data_type is None else data_type
        suffix = " (the Python subset has only int and bool)" if data_type else ""
        return self.error(node, f"unsupported construct: {what}{suffix}")

    def loc(self, node: Tree | Token | None) -> Loc:
        line, col = _pos(node)
        return Loc(self.path, line, col)

    def text(self, node: Tree) -> str:
        if node.meta.empty:
            return ""
        return " ".join(self.module.source[node.meta.start_pos:node.meta.end_pos].split())

    def emit(self, stmt: Stmt) -> None:
        self.out.append(stmt)

    def capture(self, fn: Callable[[], T]) -> tuple[list[Stmt], T]:
        """Run `fn` with a fresh block; return the statements it emitted and its result."""
        saved, self.out = self.out, []
        try:
            result = fn()
            return self.out, result
        finally:
            self.out = saved

    def block(self, suite: Tree | None) -> list[Stmt]:
        stmts, _ = self.capture(lambda: [self._stmt(s) for s in _stmts_of(suite)])
        return stmts

    def fresh(self, hint: str, ty: Type) -> str:
        self._counter += 1
        name = f"${hint}{self._counter}"
        self.temps[name] = ty
        return name

    def spill(self, e: Expr, hint: str = "tmp") -> Expr:
        """`e` itself if it is a variable or constant, else a temporary holding it."""
        if _is_simple(e):
            return e
        name = self.fresh(hint, e.type)
        self.emit(Assign(name, e, e.loc))
        return Var(name, e.type, e.loc)

    def var_type(self, name: str) -> Type | None:
        if name in self.param_types:
            return self.param_types[name]
        return self.locals.get(name)

    def assign(self, name: str, value: Expr, loc: Loc, node: Tree) -> None:
        ty = self.var_type(name)
        assert ty is not None, name
        if ty == BOOL:
            if value.type != BOOL:
                raise self.error(node, f"unsupported construct: bool parameter '{name}' is assigned "
                                       "an int (declare it int)")
            self.emit(Assign(name, value, loc))
        else:
            self.emit(Assign(name, _as_int(value), loc))

    # -------------------------------------------------------------- signature

    def _signature(self) -> None:
        _name, params, ret, _suite = self.tree.children
        names: list[tuple[str, Tree | Token, Tree | None]] = []
        if params is not None:
            for child in params.children:
                if child is None:
                    continue
                if isinstance(child, Token):
                    if child.type == "SLASH":
                        raise self.error(child, "unsupported construct: positional-only parameter marker '/'")
                    names.append((str(child), child, None))
                elif child.data == "typedparam":
                    names.append((str(child.children[0]), child, child.children[1]))
                elif child.data == "paramvalue":
                    raise self.error(child, "unsupported construct: default parameter value")
                elif child.data == "starparams":
                    raise self.error(child, "unsupported construct: *args parameter")
                elif child.data == "kwparams":
                    raise self.error(child, "unsupported construct: **kwargs parameter")
                else:
                    raise self.unsupported(child)
        self.param_count = len(names)
        for name, node, ann in names:
            ty: Type = MATH_INT
            if ann is not None:
                kind = _type_name(ann)
                if kind == "bool":
                    ty = BOOL
                elif kind != "int":
                    raise self.error(ann, f"parameter '{name}' has type '{self.text(ann)}'; "
                                          "only int and bool are supported")
            self.param_types[name] = ty
        self._sync_params(names)
        if ret is not None and _type_name(ret) not in ("int", "bool", "None"):
            raise self.error(ret, f"return type '{self.text(ret)}' is not supported; "
                                  "only int, bool and None are")
        if self.returns_value and self.returns_none:
            bare = next(n for n in _walk(self.suite)
                        if n.data == "return_stmt" and (not n.children or n.children[0] is None))
            raise self.error(bare, "unsupported construct: a function that returns a value on some "
                                   "paths and None ('return' without a value) on others")

    def _sync_params(self, names: list[tuple[str, Tree | Token, Tree | None]]) -> None:
        self.function.params = [Param(n, self.param_types[n], self.loc(node)) for n, node, _ in names]

    def _strip_guards(self, stmts: list[Tree]) -> list[Tree]:
        """Drop the docstring and the leading `assert isinstance(param, T) and ...` guards."""
        i = 0
        if stmts and stmts[0].data == "expr_stmt" and _is_plain_string(stmts[0].children[0]):
            i = 1
        while i < len(stmts) and stmts[i].data == "assert_stmt":
            guards = self._guard(stmts[i].children[0])
            if guards is None:
                break
            for param, type_name, node in guards:
                if type_name == "bool":
                    self.param_types[param] = BOOL
                elif type_name != "int":
                    raise self.error(node, f"parameter '{param}' has type '{type_name}'; "
                                           "only int and bool are supported")
            i += 1
        self.function.params = [Param(p.name, self.param_types[p.name], p.loc)
                                 for p in self.function.params]
        return stmts[i:]

    def _guard(self, cond: Tree) -> list[tuple[str, str, Tree]] | None:
        parts = cond.children if isinstance(cond, Tree) and cond.data == "and_test" else [cond]
        found = []
        for part in parts:
            if not (isinstance(part, Tree) and part.data == "funccall" and _callee(part) == "isinstance"
                    and "isinstance" not in self.module.functions):
                return None
            args = part.children[1]
            if not (isinstance(args, Tree) and args.data == "arguments" and len(args.children) == 2):
                return None
            subject, type_node = args.children
            if not (isinstance(subject, Tree) and subject.data == "var"
                    and str(subject.children[0]) in self.param_types):
                return None
            if not (isinstance(type_node, Tree) and type_node.data == "var"):
                return None
            found.append((str(subject.children[0]), str(type_node.children[0]), part))
        return found

    # ------------------------------------------------------------- statements

    def _stmt(self, t: Tree) -> None:
        handler = getattr(self, f"_s_{t.data}", None)
        if handler is None:
            raise self.unsupported(t)
        handler(t)

    def _s_pass_stmt(self, t: Tree) -> None:
        pass

    def _s_break_stmt(self, t: Tree) -> None:
        self.emit(Break(self.loc(t)))

    def _s_continue_stmt(self, t: Tree) -> None:
        self.emit(Continue(self.loc(t)))

    def _s_return_stmt(self, t: Tree) -> None:
        value = t.children[0] if t.children else None
        if value is None:
            self.emit(Return(None, self.loc(t)))
            return
        self.emit(Return(_as_int(self._value(value, top=True)), self.loc(t)))

    def _s_assert_stmt(self, t: Tree) -> None:
        cond, msg = t.children
        if msg is not None:
            self._check_message(msg)
        c = self._cond(cond)
        self.emit(Assert(c, "assert", self.text(cond), self.loc(t)))

    def _check_message(self, msg: Tree) -> None:
        """An assertion message is only evaluated on failure: it must not fail itself."""
        if _is_plain_string(msg):
            return
        strings = msg.children if msg.data == "string_concat" else [msg]
        if all(isinstance(s, Tree) and s.data == "string" for s in strings):
            for s in strings:
                for field in _fstring_fields(str(s.children[0])):
                    m = re.fullmatch(r"\s*([^\W\d]\w*)\s*=?\s*(![rsa])?\s*", field)
                    if m is None or self.var_type(m.group(1)) is None:
                        raise self.error(s, "unsupported construct: f-string assertion message with "
                                            f"an expression '{{{field}}}' (use plain variable names)")
            return
        pre, _ = self.capture(lambda: self._value(msg))
        if pre:
            raise self.error(msg, "unsupported construct: assertion message that calls a function "
                                  "or can fail")

    def _s_expr_stmt(self, t: Tree) -> None:
        e = t.children[0]
        if _is_plain_string(e) or (isinstance(e, Tree) and e.data == "ellipsis"):
            return  # a docstring or string comment: no effect
        if isinstance(e, Tree) and e.data == "funccall" and self._is_assume(e):
            args = self._positional_args(e)
            if len(args) != 1:
                raise self.error(e, "unsupported construct: assume() takes exactly one argument")
            self.emit(Assume(self._cond(args[0]), self.loc(t)))
            return
        value = self._value(e, top=True, discard=True)
        if isinstance(value, Call):
            self.emit(ExprStmt(value, self.loc(t)))

    def _s_assign(self, t: Tree) -> None:
        *targets, value = t.children
        if isinstance(value, Tree) and value.data in ("yield_expr", "yield_from"):
            raise self.unsupported(value)
        if len(targets) == 1 and isinstance(targets[0], Tree) and targets[0].data == "tuple":
            self._tuple_assign(targets[0], value, t)
            return
        names = [self._target(tg) for tg in targets]
        v = self._value(value, top=True)
        first = names[0]
        self.assign(first, v, self.loc(targets[0]), t)
        for name, tg in zip(names[1:], targets[1:]):
            first_ty = self.var_type(first)
            assert first_ty is not None
            self.assign(name, Var(first, first_ty, self.loc(tg)), self.loc(tg), t)

    def _target(self, tg: Tree | Token) -> str:
        if isinstance(tg, Tree) and tg.data == "var":
            return str(tg.children[0])
        if isinstance(tg, Tree):
            raise self.error(tg, "unsupported construct: assignment to "
                                 f"{_UNSUPPORTED.get(tg.data, (tg.data, False))[0]}"
                                 " (only names can be assigned)")
        raise self.error(tg, "unsupported construct: assignment target")

    def _tuple_assign(self, target: Tree, value: Tree, t: Tree) -> None:
        names = [self._target(tg) for tg in target.children]
        if not (isinstance(value, Tree) and value.data == "tuple"):
            raise self.error(value, "unsupported construct: unpacking a value that is not a tuple "
                                    "display (write 'a, b = x, y')")
        if len(value.children) != len(names):
            raise self.error(value, f"unsupported construct: unpacking {len(value.children)} values "
                                    f"into {len(names)} names (ValueError)")
        values = [self._value(v) for v in value.children]  # all right sides first, in order
        # a value that reads a name assigned before it (in this statement) must be saved first
        final: list[Expr] = []
        for i, v in enumerate(values):
            if _names_read(v) & set(names[:i]):
                tmp = self.fresh("tuple", v.type)
                self.emit(Assign(tmp, v, v.loc))
                v = Var(tmp, v.type, v.loc)
            final.append(v)
        for name, tg, v in zip(names, target.children, final):
            self.assign(name, v, self.loc(tg), t)

    def _s_annassign(self, t: Tree) -> None:
        target, _annotation, value = t.children
        name = self._target(target)
        if value is not None:
            self.assign(name, self._value(value, top=True), self.loc(target), t)

    def _s_augassign(self, t: Tree) -> None:
        target, op_tree, value = t.children
        name = self._target(target)
        op_tok = op_tree.children[0]
        op = str(op_tok)[:-1]
        ty = self.var_type(name)
        assert ty is not None
        rhs = self._value(value)
        result = self._binop(op, Var(name, ty, self.loc(target)), rhs, op_tok, t)
        self.assign(name, result, self.loc(target), t)

    def _s_if_stmt(self, t: Tree) -> None:
        cond, body, elifs, other = t.children
        clauses = [(cond, body, t)] + [(e.children[0], e.children[1], e) for e in elifs.children
                                       if isinstance(e, Tree)]
        self._if_chain(clauses, other)

    def _if_chain(self, clauses: list[tuple[Tree, Tree, Tree]], other: Tree | None) -> None:
        (cond, body, node), rest = clauses[0], clauses[1:]
        c = self._cond(cond)
        then = self.block(body)
        if rest:
            else_, _ = self.capture(lambda: self._if_chain(rest, other))
        else:
            else_ = self.block(other)
        self.emit(If(c, then, else_, self.loc(node)))

    def _s_while_stmt(self, t: Tree) -> None:
        cond, body, other = t.children
        if other is not None:
            raise self.error(t, "unsupported construct: while loop with an else clause")
        pre, c = self.capture(lambda: self._cond(cond))
        stmts = self.block(body)
        loc = self.loc(t)
        if not pre:
            self.emit(While(c, stmts, [], loc))
        else:  # the condition needs checks or calls each time it is evaluated
            exit_ = If(_not(c, c.loc), [Break(loc)], [], loc)
            self.emit(While(Const(1, BOOL, loc), pre + [exit_] + stmts, [], loc))

    def _s_for_stmt(self, t: Tree) -> None:
        target, iterable, body, other = t.children
        loc = self.loc(t)
        if other is not None:
            raise self.error(t, "unsupported construct: for loop with an else clause")
        if not (isinstance(target, Tree) and target.data == "var"):
            raise self.error(target, "unsupported construct: for loop target other than a single name")
        name = str(target.children[0])
        if not (isinstance(iterable, Tree) and iterable.data == "funccall" and _callee(iterable) == "range"
                and self._is_builtin("range")):
            raise self.error(iterable, "unsupported construct: for loop over something other than "
                                       "range(...)")
        args = self._positional_args(iterable)
        if not 1 <= len(args) <= 3:
            raise self.error(iterable, f"unsupported construct: range() with {len(args)} arguments")
        bounds = [_as_int(self._value(a)) for a in args]
        step = 1
        if len(bounds) == 3:
            k = bounds[2]
            if not isinstance(k, Const):
                raise self.error(args[2], "unsupported construct: range() with a step that is not "
                                          "a constant")
            if k.value == 0:
                raise self.error(args[2], "unsupported construct: range() with step 0 (ValueError)")
            step = k.value
        start, stop = (Const(0, MATH_INT, loc), bounds[0]) if len(bounds) == 1 else (bounds[0], bounds[1])
        if self.var_type(name) == BOOL:
            raise self.error(target, f"unsupported construct: bool parameter '{name}' is assigned "
                                     "an int (declare it int)")
        changed_in_body = set(_assigned_names(body)) | {name}
        counter = self.fresh(f"{name}_", MATH_INT)
        self.emit(Assign(counter, start, loc))
        if not (isinstance(stop, Const) or (isinstance(stop, Var) and stop.name not in changed_in_body)):
            stop_name = self.fresh("stop", MATH_INT)
            self.emit(Assign(stop_name, stop, stop.loc))
            stop = Var(stop_name, MATH_INT, stop.loc)
        i = Var(counter, MATH_INT, loc)
        cond = Binary("lt" if step > 0 else "gt", i, stop, BOOL, loc)
        stmts = [Assign(name, i, self.loc(target))] + self.block(body)
        step_stmt = Assign(counter, Binary("add", i, Const(step, MATH_INT, loc), MATH_INT, loc), loc)
        self.emit(While(cond, stmts, [step_stmt], loc))

    # ------------------------------------------------------------ expressions

    def _value(self, t: Tree | Token, top: bool = False, discard: bool = False) -> Expr:
        """Lower `t` for its value (MATH_INT or BOOL). `top`: the value is the
        whole right side of an assignment, return or expression statement, so
        a call may stay in place instead of going through a temporary;
        `discard`: an expression statement, whose value is thrown away."""
        if not isinstance(t, Tree):
            raise self.error(t, f"unsupported construct: {t!s}")
        if t.data == "funccall":
            return self._e_funccall(t, top, discard)
        handler = getattr(self, f"_e_{t.data}", None)
        if handler is None:
            raise self.unsupported(t)
        return handler(t)

    def _cond(self, t: Tree | Token) -> Expr:
        """Lower `t` for its truth value (a BOOL expression)."""
        if isinstance(t, Tree):
            if t.data == "not_test":
                return _not(self._cond(t.children[0]), self.loc(t))
            if t.data in ("or_test", "and_test"):
                return self._logic(t, self._cond, lambda e: e)
        return _truthy(self._value(t))

    def _e_number(self, t: Tree) -> Expr:
        tok = t.children[0]
        text = str(tok).replace("_", "")
        if tok.type == "DEC_NUMBER":
            return Const(int(text, 10), MATH_INT, self.loc(t))
        if tok.type in ("HEX_NUMBER", "OCT_NUMBER", "BIN_NUMBER"):
            return Const(int(text, 0), MATH_INT, self.loc(t))
        what = "complex literal" if tok.type == "IMAG_NUMBER" else "float literal"
        raise self.unsupported(t, what, True)

    def _e_const_true(self, t: Tree) -> Expr:
        return Const(1, BOOL, self.loc(t))

    def _e_const_false(self, t: Tree) -> Expr:
        return Const(0, BOOL, self.loc(t))

    def _e_var(self, t: Tree) -> Expr:
        name = str(t.children[0])
        ty = self.var_type(name)
        if ty is not None:
            return Var(name, ty, self.loc(t))
        if name in self.module.functions:
            raise self.error(t, f"unsupported construct: function '{name}' used as a value")
        raise self.error(t, f"unsupported construct: name '{name}' is not a parameter or local "
                            f"variable of '{self.name}' (the Python subset has no global variables)")

    def _e_not_test(self, t: Tree) -> Expr:
        return self._cond(t)

    def _e_or_test(self, t: Tree) -> Expr:
        return self._logic(t, self._value, _as_int)

    def _e_and_test(self, t: Tree) -> Expr:
        return self._logic(t, self._value, _as_int)

    def _logic(self, t: Tree, lower: Callable[[Tree], Expr], to_int: Callable[[Expr], Expr]) -> Expr:
        """`a or b or ...` / `a and b and ...`, short-circuit, as Python's value
        (an operand) or, with `lower=_cond`, as a truth value."""
        is_or = t.data == "or_test"
        loc = self.loc(t)
        first = lower(t.children[0])
        rest = [self.capture(lambda c=c: lower(c)) for c in t.children[1:]]
        all_bool = first.type == BOOL and all(v.type == BOOL for _, v in rest)
        ty = BOOL if all_bool else MATH_INT
        acc = first if all_bool else to_int(first)
        for pre, v in rest:
            v = v if all_bool else to_int(v)
            if not pre and all_bool:
                acc = Binary("lor" if is_or else "land", acc, v, BOOL, loc)
                continue
            if not pre:  # ints: `a or b` is `a if a else b`
                acc = self.spill(acc, "or" if is_or else "and")
                truth = _truthy(acc)
                acc = Ite(truth, acc, v, ty, loc) if is_or else Ite(truth, v, acc, ty, loc)
                continue
            name = self.fresh("or" if is_or else "and", ty)
            self.emit(Assign(name, acc, loc))
            var = Var(name, ty, loc)
            run_rest = _not(_truthy(var), loc) if is_or else _truthy(var)
            self.emit(If(run_rest, pre + [Assign(name, v, loc)], [], loc))
            acc = var
        return acc

    def _e_test(self, t: Tree) -> Expr:
        then_t, cond_t, else_t = t.children
        loc = self.loc(t)
        c = self._cond(cond_t)
        pre_a, a = self.capture(lambda: self._value(then_t))
        pre_b, b = self.capture(lambda: self._value(else_t))
        ty = BOOL if a.type == BOOL and b.type == BOOL else MATH_INT
        if ty == MATH_INT:
            a, b = _as_int(a), _as_int(b)
        if not pre_a and not pre_b:
            return Ite(c, a, b, ty, loc)
        name = self.fresh("ite", ty)
        self.emit(If(c, pre_a + [Assign(name, a, loc)], pre_b + [Assign(name, b, loc)], loc))
        return Var(name, ty, loc)

    def _e_comparison(self, t: Tree) -> Expr:
        operands = t.children[0::2]
        ops = t.children[1::2]
        loc = self.loc(t)
        names = []
        for op in ops:
            text = " ".join(str(tok) for tok in op.children)
            if text not in _COMPARE:
                if "in" in text:
                    raise self.error(op, f"unsupported construct: membership test '{text}' "
                                         "(the Python subset has only int and bool)")
                raise self.error(op, f"unsupported construct: identity comparison '{text}' (use '==')")
            names.append(_COMPARE[text])
        left = self._value(operands[0])
        right = self._value(operands[1])
        if len(ops) > 1:
            right = self.spill(right, "cmp")
        acc = self._compare(names[0], left, right, self.loc(ops[0]))
        prev = right
        for k in range(1, len(ops)):
            def link(k: int = k, prev: Expr = prev) -> tuple[Expr, Expr]:
                nxt = self._value(operands[k + 1])
                if k + 1 < len(ops):
                    nxt = self.spill(nxt, "cmp")
                return self._compare(names[k], prev, nxt, self.loc(ops[k])), nxt
            pre, (c, prev) = self.capture(link)
            if not pre:
                acc = Binary("land", acc, c, BOOL, loc)
                continue
            name = self.fresh("cmp", BOOL)
            self.emit(Assign(name, acc, loc))
            var = Var(name, BOOL, loc)
            self.emit(If(var, pre + [Assign(name, c, loc)], [], loc))
            acc = var
        return acc

    def _compare(self, op: str, left: Expr, right: Expr, loc: Loc) -> Expr:
        if op in ("eq", "ne") and left.type == BOOL and right.type == BOOL:
            return Binary(op, left, right, BOOL, loc)
        return Binary(op, _as_int(left), _as_int(right), BOOL, loc)

    def _e_arith_expr(self, t: Tree) -> Expr:
        return self._chain(t)

    def _e_term(self, t: Tree) -> Expr:
        return self._chain(t)

    def _e_shift_expr(self, t: Tree) -> Expr:
        return self._chain(t)

    def _chain(self, t: Tree) -> Expr:
        acc = self._value(t.children[0])
        for i in range(1, len(t.children), 2):
            op_tok = t.children[i]
            rhs = self._value(t.children[i + 1])
            acc = self._binop(str(op_tok), acc, rhs, op_tok, t)
        return acc

    def _e_or_expr(self, t: Tree) -> Expr:
        return self._bitwise("|", t)

    def _e_xor_expr(self, t: Tree) -> Expr:
        return self._bitwise("^", t)

    def _e_and_expr(self, t: Tree) -> Expr:
        return self._bitwise("&", t)

    def _bitwise(self, op: str, t: Tree) -> Expr:
        acc = self._value(t.children[0])
        for child in t.children[1:]:
            acc = self._binop(op, acc, self._value(child), None, t)
        return acc

    def _e_power(self, t: Tree) -> Expr:
        base, exponent = t.children
        return self._binop("**", self._value(base), self._value(exponent), None, t)

    def _binop(self, op: str, left: Expr, right: Expr, op_tok: Token | None, start: Tree) -> Expr:
        """`left op right` after both are evaluated; emits the operator's own check.
        `start` is the expression (or augmented assignment) whose first line
        CPython reports for an exception raised by the operator."""
        loc = self.loc(op_tok) if op_tok is not None else self.loc(start)
        if op in _BOOL_BITWISE and left.type == BOOL and right.type == BOOL:
            return Binary(_BOOL_BITWISE[op], left, right, BOOL, loc)
        if op == "/":
            raise self.error(op_tok or start, "unsupported construct: true division '/' (its result is "
                                              "a float; the Python subset has only int and bool; use '//')")
        if op == "@":
            raise self.error(op_tok or start, "unsupported construct: matrix multiplication '@'")
        left, right = _as_int(left), _as_int(right)
        if op == "**":
            return self._power(left, right, start)
        if isinstance(left, Const) and isinstance(right, Const) and op in ("+", "-", "*"):
            value = {"+": left.value + right.value, "-": left.value - right.value,
                     "*": left.value * right.value}[op]
            return Const(value, MATH_INT, left.loc)
        check_loc = self._check_loc(start, op_tok)
        if op in ("//", "%") and not (isinstance(right, Const) and right.value != 0):
            self.emit(Assert(Binary("ne", right, Const(0, MATH_INT, right.loc), BOOL, check_loc),
                             "div-by-zero", "ZeroDivisionError", check_loc))
        if op in ("<<", ">>") and not (isinstance(right, Const) and right.value >= 0):
            self.emit(Assert(Binary("ge", right, Const(0, MATH_INT, right.loc), BOOL, check_loc),
                             "shift", "ValueError: negative shift count", check_loc))
        return Binary(_ARITH[op], left, right, MATH_INT, loc)

    def _check_loc(self, start: Tree, op_tok: Token | None) -> Loc:
        line, col = _pos(start)
        if op_tok is not None and op_tok.line == line:
            col = op_tok.column or col
        return Loc(self.path, line, col)

    def _power(self, base: Expr, exponent: Expr, node: Tree) -> Expr:
        loc = self.loc(node)
        if not isinstance(exponent, Const):
            raise self.error(node, "unsupported construct: '**' with an exponent that is not a constant")
        k = exponent.value
        if k < 0:
            raise self.error(node, "unsupported construct: '**' with a negative exponent (its result "
                                   "is a float; the Python subset has only int and bool)")
        if isinstance(base, Const):
            if abs(base.value) > 1 and k * max(1, abs(base.value).bit_length()) > MAX_FOLDED_BITS:
                raise self.error(node, f"unsupported construct: constant '**' result wider than "
                                       f"{MAX_FOLDED_BITS} bits")
            return Const(base.value ** k, MATH_INT, loc)
        if k == 0:
            return Const(1, MATH_INT, loc)
        if k > MAX_POWER_EXPANSION:
            raise self.error(node, f"unsupported construct: '**' with exponent {k} (at most "
                                   f"{MAX_POWER_EXPANSION} with a variable base)")
        base = self.spill(base, "pow")
        acc = base
        for _ in range(k - 1):
            acc = Binary("mul", acc, base, MATH_INT, loc)
        return acc

    def _e_factor(self, t: Tree) -> Expr:
        op_tok, arg = t.children
        loc = self.loc(t)
        v = _as_int(self._value(arg))
        op = str(op_tok)
        if op == "+":
            return v
        if isinstance(v, Const):
            return Const(-v.value if op == "-" else ~v.value, MATH_INT, loc)
        return Unary("neg" if op == "-" else "bnot", v, MATH_INT, loc)

    # ------------------------------------------------------------------ calls

    def _is_builtin(self, name: str) -> bool:
        """`name` refers to Python's builtin (not shadowed in this file)."""
        return self.var_type(name) is None and name not in self.module.functions

    def _is_assume(self, call: Tree) -> bool:
        name = _callee(call)
        return (name is not None and name in self.module.assume_names and self.var_type(name) is None
                and name not in self.module.functions)

    def _positional_args(self, call: Tree) -> list[Tree]:
        args = call.children[1]
        if args is None:
            return []
        out = []
        for a in args.children:
            if a is None:
                continue
            if isinstance(a, Tree) and a.data == "argvalue":
                raise self.error(a, "unsupported construct: keyword argument")
            if isinstance(a, Tree) and a.data in ("starargs", "stararg"):
                raise self.error(a, "unsupported construct: *args in a call")
            if isinstance(a, Tree) and a.data == "kwargs":
                raise self.error(a, "unsupported construct: **kwargs in a call")
            if isinstance(a, Tree) and a.data == "comprehension":
                raise self.error(a, "unsupported construct: generator expression (the Python subset "
                                    "has only int and bool)")
            out.append(a)
        return out

    def _e_funccall(self, t: Tree, top: bool = False, discard: bool = False) -> Expr:
        name = _callee(t)
        loc = self.loc(t)
        if name is None:
            callee = t.children[0]
            is_method = isinstance(callee, Tree) and callee.data == "getattr"
            what = "method call" if is_method else "call of an expression"
            raise self.error(t, f"unsupported construct: {what}")
        if self.var_type(name) is not None:
            raise self.error(t, f"unsupported construct: call of variable '{name}'")
        if name in self.module.functions:
            return self._user_call(name, t, top, discard)
        if name in self.module.assume_names:
            raise self.error(t, "unsupported construct: assume() used as a value (write it as a "
                                "statement)")
        builtin = getattr(self, f"_b_{name}", None)
        if builtin is not None:
            return builtin(t, self._positional_args(t), loc)
        if name == "print":
            raise self.error(t, "unsupported construct: print() call")
        if name == "range":
            raise self.error(t, "unsupported construct: range() outside 'for ... in range(...)'")
        if name in _BUILTIN_NAMES:
            raise self.error(t, f"unsupported construct: call to built-in function '{name}'")
        raise self.error(t, f"call to undefined function {name}")

    def _user_call(self, name: str, t: Tree, top: bool, discard: bool) -> Expr:
        callee = self.module.functions[name]
        loc = self.loc(t)
        args = self._positional_args(t)
        if callee.param_count is not None and callee.param_count != len(args):
            raise self.error(t, f"unsupported construct: call to '{name}' with {len(args)} arguments; "
                                f"it takes {callee.param_count} (TypeError)")
        values = [self._value(a) for a in args]
        lowered = []
        for v, (pname, pty), a in zip(values, callee.param_types.items(), args):
            if pty == BOOL:
                if v.type != BOOL:
                    raise self.error(a, f"unsupported construct: an int passed to bool parameter "
                                        f"'{pname}' of '{name}'")
                lowered.append(v)
            else:
                lowered.append(_as_int(v))
        if not callee.returns_value and not discard:
            raise self.error(t, f"unsupported construct: the value of '{name}(...)', which returns None")
        self.call_sites.append((name, loc))
        call = Call(name, tuple(lowered), MATH_INT, loc)
        if top:
            return call
        tmp = self.fresh("call", MATH_INT)
        self.emit(Assign(tmp, call, loc))
        return Var(tmp, MATH_INT, loc)

    def _arity(self, t: Tree, args: list[Tree], lo: int, hi: int) -> None:
        if not lo <= len(args) <= hi:
            name = _callee(t)
            raise self.error(t, f"unsupported construct: {name}() with {len(args)} arguments")

    def _b_abs(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        self._arity(t, args, 1, 1)
        v = _as_int(self._value(args[0]))
        if isinstance(v, Const):
            return Const(abs(v.value), MATH_INT, loc)
        v = self.spill(v, "abs")
        return Ite(Binary("lt", v, Const(0, MATH_INT, loc), BOOL, loc),
                   Unary("neg", v, MATH_INT, loc), v, MATH_INT, loc)

    def _b_min(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        return self._min_max(t, args, loc, "lt")

    def _b_max(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        return self._min_max(t, args, loc, "gt")

    def _min_max(self, t: Tree, args: list[Tree], loc: Loc, better: str) -> Expr:
        if len(args) < 2:
            raise self.error(t, f"unsupported construct: {_callee(t)}() of an iterable (the Python "
                                "subset has only int and bool)")
        values = [self.spill(_as_int(self._value(a)), "m") for a in args]
        acc = values[0]
        for i, v in enumerate(values[1:]):
            if i:
                acc = self.spill(acc, "m")
            # on a tie the earlier value wins, as in Python
            acc = Ite(Binary(better, v, acc, BOOL, loc), v, acc, MATH_INT, loc)
        return acc

    def _b_int(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        self._arity(t, args, 0, 1)
        return _as_int(self._value(args[0])) if args else Const(0, MATH_INT, loc)

    def _b_bool(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        self._arity(t, args, 0, 1)
        return _truthy(self._value(args[0])) if args else Const(0, BOOL, loc)

    def _b_isinstance(self, t: Tree, args: list[Tree], loc: Loc) -> Expr:
        self._arity(t, args, 2, 2)
        subject, types = args
        if not (isinstance(subject, Tree) and subject.data == "var"):
            raise self.error(subject, "unsupported construct: isinstance() of an expression "
                                      "(only of a variable)")
        self._value(subject)  # checks the name is defined
        name = str(subject.children[0])
        type_nodes = types.children if isinstance(types, Tree) and types.data == "tuple" else [types]
        result = False
        for node in type_nodes:
            if not (isinstance(node, Tree) and node.data == "var"):
                raise self.error(node, "unsupported construct: isinstance() with a type that is not a name")
            tname = str(node.children[0])
            if tname in ("int", "object"):
                result = True
            elif tname == "bool":
                declared = self.param_types.get(name)
                if declared == BOOL and name not in self.assigned:
                    result = True
                elif declared != MATH_INT or name in self.assigned:
                    raise self.error(t, f"unsupported construct: isinstance({name}, bool) on a variable "
                                        "that may hold an int or a bool")
            elif tname not in _NON_INT_TYPES:
                raise self.error(node, f"unsupported construct: isinstance() with type '{tname}'")
        return Const(int(result), BOOL, loc)


def _callee(call: Tree) -> str | None:
    callee = call.children[0]
    if isinstance(callee, Tree) and callee.data == "var":
        return str(callee.children[0])
    return None


def _type_name(ann: Tree | Token) -> str:
    if isinstance(ann, Tree):
        if ann.data == "var":
            return str(ann.children[0])
        if ann.data == "const_none":
            return "None"
    return ""


def _fstring_fields(literal: str) -> list[str]:
    """The replacement fields of an f-string literal ([] for other strings)."""
    prefix = re.match(r"[a-zA-Z]*", literal).group(0)  # type: ignore[union-attr]
    if "f" not in prefix.lower():
        return []
    body = literal[len(prefix):]
    body = body.replace("{{", "").replace("}}", "")
    return re.findall(r"\{([^{}]*)\}", body)


_COMPOUND = frozenset({"suite", "funcdef", "if_stmt", "elifs", "elif_", "while_stmt", "for_stmt",
                       "try_stmt", "try_finally", "with_stmt", "classdef", "decorated",
                       "except_clauses", "except_clause", "finally", "simple_stmt", "file_input"})


def _last_line(tree: Tree) -> int:
    """The last line holding a token of `tree` (not the blank lines after it)."""
    last = tree.meta.line if not tree.meta.empty else 0
    for node in tree.iter_subtrees():
        if node.data not in _COMPOUND and not node.meta.empty:
            last = max(last, node.meta.end_line)
    return last
