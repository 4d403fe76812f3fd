"""Small Python inputs drawn from a function's annotations, as the IR's parameter values.

CrossHair finds most bugs of functions over lists, strings and dicts on tiny
inputs: an empty list, an empty string, a key that is missing, two parameters
that are the same string. The IR sampler (`engines.safety.sampling`) draws each
IR variable on its own, so a dict with string keys (start and stop positions
into a flat list of code points, the keys distinct) or two equal strings come
up rarely. Here whole Python values are drawn, by annotation (as
``Program.replay_facts["shapes"]`` spells them: ``int``, ``bool``, ``str``,
``list[int]``, ``tuple[int, ...]``, ``tuple[int, bool]``, ``int | None``,
``list[str]``, ``list[list[int]]``, ``dict[str, int]``, ...), from small pools
shared by every parameter (so equal strings and a key that is also an
argument are likely), the first candidates the smallest; `ir_params` then
spells each as the IR variables `frontends.python_types.ir_variables` makes
of it. `TypedInputs.candidates` keeps only values whose IR spelling reads back
(`crosscheck.py_witness.python_values`) as the same Python value, so a
witness found from them replays as exactly that call. `TypedInputs.simpler`
gives the one-step simpler arguments a failing draw is shrunk through (an item,
entry or character left out, a number nearer 0, None), as a property-based
tester shows its counterexamples.
"""

from __future__ import annotations

import dataclasses
import linecache
import random
from collections.abc import Iterator, Mapping

from . import ir
from .arrays import ArrayValue
from .irutil import subexpressions

__all__ = ["TypedInputs", "ir_params", "split_shape", "source_constants", "SMALL_INTS", "SMALL_TEXTS", "MAX_ITEMS"]

#: Integers tried first (the program's constants are added)
SMALL_INTS = (0, 1, -1, 2, -2, 3, 10, -10, 100, -100, 1000, 2**31 - 1, -2**31)
#: Strings tried first (strings of the program's own characters, and its constants in decimal, are added)
SMALL_TEXTS = ("", "a", "ab", "b", "aa", "abc", " ", "a b")
#: Items of a drawn list or dict, at most
MAX_ITEMS = 4
#: Characters of the program's constants used in drawn strings, at most
MAX_CHARS = 8
#: Draws in a row that repeat an earlier one before the candidates end
MAX_REPEATS = 200


def split_shape(shape: str) -> tuple[str, list[str]]:
    """An annotation as its head and arguments: ``dict[str, list[int]]`` ->
    ``("dict", ["str", "list[int]"])``, ``int | None`` -> ``("optional", ["int"])``,
    ``int`` -> ``("int", [])``."""
    shape = shape.replace(" ", "")
    parts = _top_level(shape, "|")
    if len(parts) == 2 and "None" in parts:
        return "optional", [p for p in parts if p != "None"]
    if shape.startswith("Optional[") and shape.endswith("]"):
        return "optional", [shape[len("Optional["):-1]]
    head, bracket, rest = shape.partition("[")
    if not bracket or not rest.endswith("]"):
        return shape, []
    return head.lower(), _top_level(rest[:-1], ",")


def _top_level(text: str, sep: str) -> list[str]:
    """`text` split at each `sep` outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "["
        depth -= ch == "]"
        if ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]


def ir_params(name: str, shape: str, value: object) -> dict[str, object]:
    """The IR variables holding Python `value` of annotation `shape` as parameter `name`
    (the inverse of `crosscheck.replay_py.python_arguments`); raises ValueError for a shape it does not know."""
    head, args = split_shape(shape)
    if head in ("int", "bool"):
        return {name: int(value)}  # type: ignore[call-overload]
    if head == "optional":
        inner = ir_params(name, args[0], _zero(args[0]) if value is None else value)
        return {**inner, f"{name}.none": int(value is None)}
    if head == "str":
        return _list(name, [ord(c) for c in value])  # type: ignore[union-attr]
    if head == "tuple" and args[-1:] == ["..."] or head == "list" and split_shape(args[0])[0] in ("int", "bool"):
        return _list(name, [int(v) for v in value])  # type: ignore[union-attr]
    if head == "tuple":
        out: dict[str, object] = {}
        for k, (item, item_shape) in enumerate(zip(value, args)):  # type: ignore[call-overload]
            out.update(ir_params(f"{name}.{k}", item_shape, item))
        return out
    if head == "list":  # list[str], list[list[int]]: start and stop positions in one flat list
        return _nested(name, [_codes(item) for item in value])  # type: ignore[union-attr]
    if head == "dict":
        key_shape, value_shape = args
        keys, values = list(value), list(value.values())  # type: ignore[union-attr]
        key_part = (_nested(f"{name}.keys", [_codes(k) for k in keys]) if key_shape == "str"
                    else _list(f"{name}.keys", [int(k) for k in keys]))
        value_part = (_nested(f"{name}.values", [_codes(v) for v in values])
                      if split_shape(value_shape)[0] in ("str", "list")
                      else _list(f"{name}.values", [int(v) for v in values]))
        return {**key_part, **value_part}
    raise ValueError(f"no inputs drawn for annotation {shape}")


def _codes(item: object) -> list[int]:
    """A string's code points, or a list's elements."""
    return [ord(c) for c in item] if isinstance(item, str) else [int(v) for v in item]  # type: ignore[union-attr]


def _list(name: str, elements: list[int]) -> dict[str, object]:
    return {name: ArrayValue.of_list(elements), ir.length_name(name): len(elements)}


def _nested(name: str, items: list[list[int]]) -> dict[str, object]:
    starts, stops, flat = [], [], []
    for item in items:
        starts.append(len(flat))
        flat.extend(item)
        stops.append(len(flat))
    return {**_list(name, starts), f"{name}.stop": ArrayValue.of_list(stops), **_list(f"{name}.flat", flat)}


def source_constants(edges: list) -> list[int]:
    """The integer constants the user wrote in the actions of `edges` (a number
    literal, or a character of a string literal: the source text at the constant's
    position starts with its digits or a quote) and their neighbours, smallest
    magnitude first. Constants the frontend makes up (the digit tables of
    ``int(text)``, a list's bounds) are left out: they would crowd the pools."""
    found: set[int] = set()
    for edge in edges:
        action = edge.action
        if action is None:
            continue
        for f in dataclasses.fields(action):
            value = getattr(action, f.name)
            if not isinstance(value, ir.Expr):
                continue
            for e in subexpressions(value):
                if isinstance(e, ir.Const) and isinstance(e.type, ir.IntType) and _written(e):
                    found.update({e.value - 1, e.value, e.value + 1})
    return sorted(found, key=lambda v: (abs(v), v))


def _written(const: ir.Const) -> bool:
    """Is `const` a literal of the source (see `source_constants`)?"""
    loc = const.loc
    if loc is None or not loc.file or loc.line <= 0 or loc.column <= 0:
        return False
    text = linecache.getline(loc.file, loc.line)[loc.column - 1:].lstrip("-( ")
    return text.startswith((str(abs(const.value)), '"', "'")) or text[:2].lower() in ('f"', "f'")


def _simpler(shape: str, value: object) -> Iterator[object]:
    """Values of annotation `shape` one step simpler than `value` (see `TypedInputs.simpler`)."""
    head, args = split_shape(shape)
    if head == "optional":
        if value is not None:
            yield None
            yield from _simpler(args[0], value)
    elif isinstance(value, bool):
        if value:
            yield False
    elif isinstance(value, int):
        yield from dict.fromkeys(v for v in (0, int(value / 2), value - (value > 0) + (value < 0)) if v != value)
    elif isinstance(value, str):
        yield from dict.fromkeys(value[:i] + value[i + 1:] for i in range(len(value)))
    elif head == "tuple" and args[-1:] != ["..."]:
        for i, item in enumerate(value):  # type: ignore[arg-type]
            for smaller in _simpler(args[i], item):
                yield value[:i] + (smaller,) + value[i + 1:]  # type: ignore[index]
    elif isinstance(value, (list, tuple)):
        for i in range(len(value)):
            yield value[:i] + value[i + 1:]
        for i, item in enumerate(value):
            for smaller in _simpler(args[0], item):
                yield value[:i] + type(value)([smaller]) + value[i + 1:]
    elif isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}
        for key, item in value.items():
            for smaller in _simpler(args[1], item):
                yield {**value, key: smaller}


def _zero(shape: str) -> object:
    """Some value of `shape` (the part of an optional that None leaves meaningless)."""
    head, args = split_shape(shape)
    if head == "tuple" and args[-1:] != ["..."]:
        return tuple(_zero(a) for a in args)
    if head == "str":
        return ""
    return [] if head in ("list", "tuple") else 0


class TypedInputs:
    """Draws the arguments of a function from its parameters' annotations `shapes`
    (parameter -> annotation) and pools seeded with the program's integer
    `constants` (also read as characters of strings, and as the text of a
    number), by `random.Random(seed)`; each pool starts with a few of the
    smallest values, then the constants."""

    def __init__(self, shapes: Mapping[str, str], constants: list[int] = (), seed: int = 0) -> None:
        self.shapes = dict(shapes)
        self.rng = random.Random(seed)
        self.ints = list(dict.fromkeys([*SMALL_INTS[:5], *constants, *SMALL_INTS]))
        printable = [chr(c) for c in constants if 32 <= c < 127]
        chars = [c for c in printable if not c.isalnum()][:MAX_CHARS]
        letters = [c for c in printable if c.isalpha()][:MAX_CHARS]
        numbers = [str(c) for c in constants if abs(c) > 9][-MAX_CHARS:]  # what int() of a string might read: limits
        self.texts = list(dict.fromkeys([*SMALL_TEXTS[:4], *chars, *letters, *numbers, *SMALL_TEXTS,
                                         *(f"a{c}b" for c in chars), *(c * 3 for c in letters)]))

    def candidates(self, params: list[ir.Param]) -> Iterator[tuple[dict[str, object], dict[str, object]]]:
        """Arguments (parameter -> Python value) and their IR parameter values (see
        `spell`) for `params`, endlessly: first every parameter at its smallest value,
        then draws of growing size, each once; none when a parameter's
        annotation is unknown or its IR spelling is not `params`' own."""
        names = {p.name for p in params}
        if not self.shapes:
            if not names:
                yield {}, {}
            return
        seen: set[str] = set()
        repeats = 0
        for count in range(1 << 30):
            size = 0 if count == 0 else min(MAX_ITEMS, 1 + count // 8)
            values = {name: self.draw(shape, size) for name, shape in self.shapes.items()}
            if repr(values) in seen:
                repeats += 1
                if repeats > MAX_REPEATS:
                    return  # (nearly) every value was drawn: a bool, a small tuple of bools
                continue
            seen.add(repr(values))
            repeats = 0
            try:
                if set(self._ir_values(values)) != names:
                    return  # the frontend holds this function's parameters otherwise: drawing is not for it
            except (ValueError, TypeError):
                return
            spelled = self.spell(values, params)
            if spelled is not None:
                yield values, spelled

    def spell(self, values: Mapping[str, object], params: list[ir.Param]) -> dict[str, object] | None:
        """The IR parameter values of arguments `values`, if they are `params` and read back
        (`crosscheck.py_witness.python_values`) as the same arguments; else None."""
        from .crosscheck.py_witness import python_values

        types = {p.name: p.type for p in params}
        try:
            spelled = self._ir_values(values)
        except (ValueError, TypeError, KeyError):
            return None
        if set(spelled) != set(types) or python_values(spelled, types, self.shapes) != dict(values):
            return None
        return spelled

    def _ir_values(self, values: Mapping[str, object]) -> dict[str, object]:
        return {k: v for name, shape in self.shapes.items() for k, v in ir_params(name, shape, values[name]).items()}

    def simpler(self, values: Mapping[str, object]) -> Iterator[dict[str, object]]:
        """Arguments one step simpler than `values`: one parameter's value with an
        item, entry or character left out, or a number nearer 0, or None."""
        for name, shape in self.shapes.items():
            for value in _simpler(shape, values[name]):
                yield {**values, name: value}

    def draw(self, shape: str, size: int) -> object:
        """A value of annotation `shape`, lists and dicts of at most `size` items (0: the smallest value)."""
        rng = self.rng
        head, args = split_shape(shape)
        if head == "int":
            return self._pick(self.ints, size)
        if head == "bool":
            return bool(rng.getrandbits(1)) if size else False
        if head == "str":
            return self._pick(self.texts, size)
        if head == "optional":
            return None if size == 0 or rng.random() < 0.25 else self.draw(args[0], size)
        if head == "tuple" and args[-1:] != ["..."]:
            return tuple(self.draw(a, size) for a in args)
        if head in ("list", "tuple"):
            items = [self.draw(args[0], max(1, size - 1)) for _ in range(rng.randint(0, size))]
            return tuple(items) if head == "tuple" else items
        if head == "dict":
            out: dict = {}
            for _ in range(rng.randint(0, size)):
                out.setdefault(self.draw(args[0], size), self.draw(args[1], max(1, size - 1)))
            return out
        raise ValueError(f"no inputs drawn for annotation {shape}")

    def _pick(self, pool: list, size: int) -> object:
        """One of `pool`, the first ones most often (only the first at size 0)."""
        if size == 0:
            return pool[0]
        return pool[min(len(pool) - 1, int(self.rng.expovariate(1 / 3)))] if self.rng.random() < 0.8 \
            else self.rng.choice(pool)
