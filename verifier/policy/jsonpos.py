"""Parse JSON text into values that remember where they were written.

Input: the text of one file. Output: a tree of `JObject`, `JArray`, `JString`,
`JNumber`, `JBool`, `JNull`, each with the 1-based `line` and `column` of its
first character (Lark's convention). Malformed JSON raises `InputError` with
kind ``policy-json`` and a message a person can act on ("trailing comma ...").
The grammar is `grammars/json.lark`; its LALR parser is built once, lazily.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Union

from lark import Lark, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from verifier.errors import InputError
from verifier.grammar_files import grammar_text
from verifier.deadline import current


@dataclass(frozen=True)
class JString:
    value: str
    line: int
    column: int


@dataclass(frozen=True)
class JNumber:
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class JBool:
    value: bool
    line: int
    column: int


@dataclass(frozen=True)
class JNull:
    line: int
    column: int


@dataclass(frozen=True)
class JArray:
    items: tuple["JValue", ...]
    line: int
    column: int


@dataclass(frozen=True)
class JObject:
    pairs: tuple[tuple[JString, "JValue"], ...]
    line: int
    column: int


JValue = Union[JObject, JArray, JString, JNumber, JBool, JNull]


def parse_json(text: str, path: str) -> JValue:
    """Parse `text` (the contents of `path`) into positioned JSON values."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(path, 1, 1, "file is empty (expected a JSON policy document)", "file")
    parser = _parser()
    try:
        return parser.parse(text)
    except UnexpectedCharacters as exc:
        raise InputError(path, exc.line, exc.column, _bad_character(text, exc.pos_in_stream), "policy-json") from None
    except UnexpectedToken as exc:
        line, column = _token_position(text, exc)
        raise InputError(path, line, column, _unexpected_token(text, exc), "policy-json") from None
    except UnexpectedInput as exc:  # UnexpectedEOF
        raise InputError(path, exc.line, exc.column, "unexpected end of file", "policy-json") from None


def to_python(value: JValue) -> Any:
    """The plain Python value (dicts, lists, str, int/float, bool, None)."""
    if isinstance(value, JObject):
        return {k.value: to_python(v) for k, v in value.pairs}
    if isinstance(value, JArray):
        return [to_python(v) for v in value.items]
    if isinstance(value, JNumber):
        return json.loads(value.text)
    if isinstance(value, JNull):
        return None
    return value.value


def strings_in(value: JValue) -> list[str]:
    """Every string of `value`, keys and values, in document order."""
    if isinstance(value, JArray):
        return [t for item in value.items for t in strings_in(item)]
    if isinstance(value, JObject):
        return [t for k, v in value.pairs for t in (k.value, *strings_in(v))]
    return [value.value] if isinstance(value, JString) else []


_VALUE_START = {"STRING", "NUMBER", "LBRACE", "LBRACKET", "TRUE", "FALSE", "NULL"}


def _unexpected_token(text: str, exc: UnexpectedToken) -> str:
    """A readable message for a token the grammar does not accept here."""
    tok, expected = exc.token, set(exc.expected)
    before = text[: tok.start_pos].rstrip()[-1:] if tok.type != "$END" else ""
    if tok.type == "$END":
        return "unexpected end of file: an object or array is not closed"
    if expected == {"$END"}:
        return "extra text after the JSON document"
    if tok.type in ("RBRACE", "RSQB") and before == ",":
        return "trailing comma before a closing bracket (JSON allows none)"
    if tok.type == "COMMA" and before == ",":
        return "two commas in a row"
    if "COLON" in expected:
        return "missing ':' after a key"
    if tok.type in _VALUE_START and "COMMA" in expected:
        return "missing ',' between two elements"
    if before == ":":
        return "missing value after ':'"
    if tok.type in _VALUE_START and "STRING" in expected:
        return "object keys must be strings in double quotes"
    return f"unexpected {str(tok)!r}"


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    """The LALR parser for grammars/json.lark, with the transformer inlined (its tables cached on disk by Lark)."""
    return Lark(
        grammar_text("json.lark"),
        parser="lalr",
        transformer=_ToValues(),
        propagate_positions=False,
        maybe_placeholders=False,
        cache=True,
    )


class _ToValues(Transformer):
    """One method per rule of json.lark; children are already lowered. Containers
    check the deadline (`deadline.current()`), so parsing a huge file counts against it."""

    def start(self, children: list[JValue]) -> JValue:
        return children[0]

    def string(self, children: list[Any]) -> JString:
        tok = children[0]
        return JString(json.loads(tok), tok.line, tok.column)

    def number(self, children: list[Any]) -> JNumber:
        tok = children[0]
        return JNumber(str(tok), tok.line, tok.column)

    def true(self, children: list[Any]) -> JBool:
        return JBool(True, children[0].line, children[0].column)

    def false(self, children: list[Any]) -> JBool:
        return JBool(False, children[0].line, children[0].column)

    def null(self, children: list[Any]) -> JNull:
        return JNull(children[0].line, children[0].column)

    def pair(self, children: list[Any]) -> tuple[JString, JValue]:
        current().check()
        key, value = children
        return JString(json.loads(key), key.line, key.column), value

    def object(self, children: list[Any]) -> JObject:
        brace, *pairs = children
        return JObject(tuple(pairs), brace.line, brace.column)

    def array(self, children: list[Any]) -> JArray:
        current().check()
        bracket, *items = children
        return JArray(tuple(items), bracket.line, bracket.column)


def _bad_character(text: str, pos: int) -> str:
    char = text[pos]
    if char == '"':
        end = text.find("\n", pos)
        rest = text[pos + 1 : end if end >= 0 else len(text)]
        if '"' not in rest:
            return "unterminated string (no closing '\"' on this line)"
        return "invalid string: a control character or a bad '\\' escape inside the quotes"
    if char == "'":
        return "strings must use double quotes (\"), not single quotes"
    if char == "/":
        return "comments are not allowed in JSON"
    if char.isalpha() or char == "_":
        word = char
        for c in text[pos + 1 : pos + 30]:
            if not (c.isalnum() or c in "_-"):
                break
            word += c
        return f"unexpected word '{word}' (strings need double quotes; the bare words are true, false and null)"
    if char in "+.0123456789":
        return f"invalid number starting with {char!r}"
    return f"unexpected character {char!r}"


def _token_position(text: str, exc: Any) -> tuple[int, int]:
    tok = exc.token
    if tok.type == "$END":
        lines = text.rstrip().splitlines() or [""]
        return len(lines), len(lines[-1]) + 1
    return tok.line, tok.column
