"""Python source text to a Lark parse tree of `grammars/python.lark`, or its syntax error.

`parse_tree(source, path)` returns the tree (``propagate_positions``: 1-based
lines and columns, end column one past the last character). A file the
grammar rejects raises `InputError` with the line and column of the mistake:
kind ``syntax`` with a readable label (``expected ':'``, ``'(' was never
closed``...) matched from `_SYNTAX_EXAMPLES`, or kind ``unsupported`` when
CPython accepts the file but the subset's grammar does not. A file the
grammar accepts is also compiled (never run) by CPython, whose `SyntaxError`
becomes a ``syntax`` `InputError` too.
"""

from __future__ import annotations

import re
import sys
import threading
import warnings

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.indenter import Indenter

from verifier.digit_limit import program_limit_in_force
from verifier.errors import InputError
from verifier.grammar_files import grammar_text
from verifier.parser_cache import lark_parser

from .shared_scanner import SharedScannerLexer

__all__ = ["parse_tree"]

_PARSER: Lark | None = None
_PARSER_LOCK = threading.Lock()  # the post-lexer keeps per-parse state


def parse_tree(source: str, path: str) -> Tree:
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
        if not line:  # CPython's compiler ran out of stack: name the deepest place
            line, column = _deepest_position(tree)
        elif not column:  # e.g. a literal of over 4,300 digits: name the statement
            text = source.split("\n")[line - 1] if line <= source.count("\n") + 1 else ""
            column = len(text) - len(text.lstrip()) + 1
        raise InputError(path, line, column, f"syntax error: {err.msg}", "syntax")
    return tree


def _deepest_position(tree: Tree) -> tuple[int, int]:
    """Line and column of the node of `tree` that CPython nests deepest (no
    recursion): a chain ``a + b + ...`` is one node here, but one level per
    operand in CPython's syntax tree, so a node counts its depth plus its
    number of children."""
    best, where = -1, (0, 0)
    stack: list[tuple[Tree, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth + len(node.children) > best and not node.meta.empty:
            best, where = depth + len(node.children), (node.meta.line, node.meta.column)
        stack.extend((c, depth + 1) for c in node.children if isinstance(c, Tree))
    return where


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


def _parser() -> Lark:
    """The LALR parser, built on first use (and kept on disk: `parser_cache.lark_parser`); its
    contextual lexer's states share one scanner (`shared_scanner`: some 18 ms less per process)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = lark_parser("python-shared-scanner", grammar_text("python.lark"), parser="lalr",
                              postlex=_Indenter(), start="file_input", propagate_positions=True,
                              maybe_placeholders=True, cache=True, _plugins={"ContextualLexer": SharedScannerLexer})
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
        text = source.split("\n")[line - 1] if line else ""
        if _TYPE_ALIAS.match(text):
            start = len(text) - len(text.lstrip()) + 1
            return InputError(path, line, start, "syntax error: a 'type' alias statement needs Python "
                              f"3.12 or later (this is Python {sys.version_info[0]}.{sys.version_info[1]})",
                              "syntax")
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

#: a PEP 695 ``type X = ...`` / ``type X[T] = ...`` statement
_TYPE_ALIAS = re.compile(r"\s*type\s+[A-Za-z_]\w*\s*(\[.*\])?\s*=")


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
        with warnings.catch_warnings(), program_limit_in_force():  # a literal of more digits is a SyntaxError
            warnings.simplefilter("ignore")
            compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        return e
    except (RecursionError, MemoryError) as e:
        why = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        return SyntaxError(f"too deeply nested for CPython to compile ({why})")
    except ValueError as e:
        return SyntaxError(str(e))
    return None
