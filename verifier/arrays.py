"""Concrete array values, and the bridge between them and z3's array terms.

An IR array (`ir.ArrayType`) is, in z3, a total map `Array(index, elem)` of
which only indices 0 .. length-1 are meaningful. Its concrete counterpart,
`ArrayValue`, is the same total map: a `default` element and the entries
that differ from it. The interpreter computes with these (a checked access
outside 0 .. length-1 fails before any element is read); witnesses carry
them between processes (they pickle); people see `meaningful` elements as a
list. An array's length is its type's fixed `size`, else the value of the
integer variable `ir.length_name(name)` (`length_of`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from . import ir

if TYPE_CHECKING:  # z3 is imported by the two bridges: the interpreter and replay need none of it
    import z3

__all__ = ["ArrayValue", "array_from_z3", "array_to_z3", "element", "length_of", "meaningful", "is_length_variable",
           "shown_value", "shown_inputs", "zero_of"]

#: At most this many elements of an array are shown (in inputs and traces):
#: a witness's array is small; a trace of a huge one would be unreadable.
MAX_SHOWN = 1000


class ArrayValue:
    """A total map from integers to element values: `default` everywhere but at
    the indices of `entries`. Immutable: `store` returns a new value."""

    __slots__ = ("default", "_entries")

    def __init__(self, default: int = 0, entries: Mapping[int, int] | None = None) -> None:
        self.default = default
        self._entries = {i: v for i, v in (entries or {}).items() if v != default}

    @classmethod
    def of_list(cls, elements: list[int], default: int = 0) -> ArrayValue:
        """The array holding `elements` at 0, 1, ... and `default` elsewhere."""
        return cls(default, dict(enumerate(elements)))

    def select(self, index: int) -> int:
        return self._entries.get(index, self.default)

    def store(self, index: int, value: int) -> ArrayValue:
        entries = dict(self._entries)
        entries[index] = value
        return ArrayValue(self.default, entries)

    @property
    def entries(self) -> dict[int, int]:
        """The indices whose element differs from `default`, with that element."""
        return dict(self._entries)

    def to_list(self, length: int) -> list[int]:
        """Elements 0 .. length-1 (at most `MAX_SHOWN`)."""
        return [self.select(i) for i in range(max(0, min(length, MAX_SHOWN)))]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArrayValue) and (self.default, self._entries) == (other.default, other._entries)

    def __hash__(self) -> int:
        return hash((self.default, frozenset(self._entries.items())))

    def __repr__(self) -> str:
        return f"ArrayValue({self.default}, {dict(sorted(self._entries.items()))})"


def array_from_z3(term: z3.ExprRef, model: z3.ModelRef | None, convert) -> ArrayValue:
    """A model's array value (`K`, `Store` chains and function interpretations, as
    z3 prints them) as an `ArrayValue`; `convert` turns an index or element term
    into a Python value. Raises ValueError on a shape it does not know."""
    import z3

    entries: dict[int, int] = {}
    while z3.is_store(term):
        index, value = term.arg(1), term.arg(2)
        entries.setdefault(convert(index, "index"), convert(value, "elem"))
        term = term.arg(0)
    if z3.is_K(term):
        default = convert(term.arg(0), "elem")
    elif z3.is_as_array(term) and model is not None:
        interp = model.get_interp(z3.get_as_array_func(term))
        for entry in interp.as_list()[:-1]:
            entries.setdefault(convert(entry[0], "index"), convert(entry[1], "elem"))
        default = convert(interp.else_value(), "elem")
    else:
        raise ValueError(f"an array value z3 gave as {term.sexpr()[:80]}")
    return ArrayValue(default, entries)


def array_to_z3(value: ArrayValue, index_sort: z3.SortRef, convert) -> z3.ExprRef:
    """`value` as a z3 array term; `convert(v, "index" or "elem")` is an index's
    or element's z3 value."""
    import z3

    term = z3.K(index_sort, convert(value.default, "elem"))
    for i, v in sorted(value.entries.items()):
        term = z3.Store(term, convert(i, "index"), convert(v, "elem"))
    return term


def element(value: object, i: int) -> int:
    """Element `i` of a sampled array value; TypeError if `value` is no array value."""
    if not isinstance(value, ArrayValue):
        raise TypeError("not an array value")
    return int(value.select(i))


def length_of(name: str, t: ir.ArrayType, env: Mapping[str, object]) -> int | None:
    """The length of array variable `name`: the type's size, else the value of
    its length variable in `env` (None if there is none)."""
    if t.size is not None:
        return t.size
    value = env.get(ir.length_name(name))
    if value is None and name.endswith(".stop"):  # a Python nested list's stops: one per item (`nested_parts`)
        value = env.get(ir.length_name(name[: -len(".stop")]))
    return value if isinstance(value, int) else None


def meaningful(name: str, t: ir.ArrayType, value: object, env: Mapping[str, object]) -> list[int]:
    """The elements of array `name` people see: 0 .. length-1 (none if the length is unknown)."""
    if not isinstance(value, ArrayValue):
        return []
    length = length_of(name, t, env)
    return value.to_list(length if length is not None else 0)


def is_length_variable(name: str, variables: Mapping[str, ir.Type]) -> bool:
    """Is `name` the length variable of an array variable of `variables`?"""
    if not name.endswith("#len"):
        return False
    base = name[: -len("#len")]
    return isinstance(variables.get(base), ir.ArrayType) and ir.length_name(base) == name


def shown_value(name: str, t: ir.Type, value: object, env: Mapping[str, object]) -> object:
    """A variable's value as people see it: an int, or an array's meaningful elements."""
    if isinstance(t, ir.ArrayType):
        return meaningful(name, t, value, env)
    return value


def shown_inputs(params: list[ir.Param], values: Mapping[str, object]) -> dict[str, object]:
    """A witness's parameters as people (and the replay harnesses) see them: each
    array as the list of its meaningful elements, without its length parameter."""
    types = {p.name: p.type for p in params}
    return {p.name: shown_value(p.name, p.type, values[p.name], values) for p in params
            if not is_length_variable(p.name, types)}


def zero_of(t: ir.Type) -> int | ArrayValue:
    """The value a variable of type `t` holds before it is assigned: 0, or an array of zeros."""
    return ArrayValue() if isinstance(t, ir.ArrayType) else 0
