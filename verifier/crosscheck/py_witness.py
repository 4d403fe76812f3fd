"""A Python witness as the call it stands for: compact parts, real Python values, their text.

The IR holds a parameter of the Python subset in several variables (see
`frontends.python_types.ir_variables`); `replay_py.python_arguments` puts them
back together as JSON-like values (code points for strings), and the replay
worker makes strings of them from the function's annotations. Here the same is
done on the host, from the annotations the frontend recorded
(``Program.replay_facts["shapes"]``: function -> parameter -> annotation as
`python_types` spells it), so that people see ``ws = ['ab', '']`` rather than
start, stop and flat lists:

- `compact_nested` rewrites each nested list's flat list as its items one after
  another, so that a solver's far-apart positions (``ws = [1323]``) do not make
  the shown (and replayed) flat list longer than `arrays.MAX_SHOWN`;
- `python_values` gives each parameter its real Python value;
- `call_text` renders them as ``name=repr`` pairs, exactly as CPython prints them.
"""

from __future__ import annotations

from collections.abc import Mapping

from verifier import ir
from verifier.arrays import ArrayValue

from .py_worker import RecordArgument
from .replay_py import python_arguments

__all__ = ["compact_nested", "python_values", "call_text", "python_witness"]


def python_witness(params: list[ir.Param], values: Mapping[str, object],
                   shapes: Mapping[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """A witness's shown inputs (IR variable -> value, arrays as lists, nested
    lists compacted; what replay calls with) and its arguments as CPython shows
    them (parameter -> ``repr``; empty without `shapes`)."""
    from verifier.arrays import shown_inputs

    inputs = shown_inputs(params, compact_nested(params, values))
    if not shapes:
        return inputs, {}
    return inputs, call_text(python_values(inputs, {p.name: p.type for p in params}, shapes))


def compact_nested(params: list[ir.Param], values: Mapping[str, object]) -> dict[str, object]:
    """`values` with every nested list ``ws`` (parts ``ws``, ``ws.stop``,
    ``ws.flat``; see `python_types.nested_parts`) rebuilt so that item k is
    ``ws.flat[ws[k]:ws.stop[k]]`` with the items one after another from 0: the
    same Python value, the smallest flat list."""
    names = {p.name for p in params}
    out = dict(values)
    for base in sorted(n[: -len(".flat")] for n in names if n.endswith(".flat")):
        starts, stops, flat = out.get(base), out.get(f"{base}.stop"), out.get(f"{base}.flat")
        count = out.get(ir.length_name(base))
        if not (isinstance(starts, ArrayValue) and isinstance(stops, ArrayValue) and isinstance(flat, ArrayValue)
                and isinstance(count, int)):
            continue
        elements: list[int] = []
        new_starts: list[int] = []
        new_stops: list[int] = []
        for k in range(max(0, count)):
            new_starts.append(len(elements))
            elements.extend(flat.select(i) for i in range(starts.select(k), stops.select(k)))
            new_stops.append(len(elements))
        out[base] = ArrayValue.of_list(new_starts)
        out[f"{base}.stop"] = ArrayValue.of_list(new_stops)
        out[f"{base}.flat"] = ArrayValue.of_list(elements, flat.default)
        out[ir.length_name(f"{base}.flat")] = len(elements)
    return out


def python_values(inputs: Mapping[str, object], types: Mapping[str, ir.Type],
                  shapes: Mapping[str, str]) -> dict[str, object]:
    """The real Python value of each parameter of a witness whose shown inputs
    are `inputs` (IR variable -> value, arrays as lists), given the IR `types`
    and the parameters' annotations `shapes` (``str``, ``list[str]``,
    ``dict[str, int]``, ``tuple[int, bool]``, ...): strings as str, tuples as
    tuple, a record's fields one by one, in the order of `shapes`."""
    arguments = python_arguments(dict(inputs), dict(types))
    out: dict[str, object] = {}
    for name, shape in shapes.items():
        if name in arguments:
            out[name] = _shaped(arguments[name], shape.replace(" ", ""))
        else:  # a record's field ``p.x`` (`frontends.python_records`) is shown as the scalar it is
            base, _, field = name.partition(".")
            record = arguments.get(base)
            if isinstance(record, RecordArgument) and field in record.fields:
                out[name] = _shaped(record.fields[field], shape.replace(" ", ""))
    return out


def call_text(values: Mapping[str, object]) -> dict[str, str]:
    """Each value as CPython shows it (``repr``)."""
    return {name: repr(value) for name, value in values.items()}


def _shaped(value: object, shape: str) -> object:
    """`value` (JSON-like: strings as lists of code points) as the Python value of annotation `shape`."""
    if value is None:
        return None
    if shape.endswith("|None"):  # an optional value that is not None
        shape = shape[:-len("|None")]
    if shape == "str" and isinstance(value, list):
        return _text(value)
    if shape == "bool":
        return bool(value)
    if shape == "list[str]" and isinstance(value, list):
        return [_text(item) for item in value]  # type: ignore[arg-type]
    if shape.startswith("tuple[") and isinstance(value, list):
        return tuple(value)
    if shape.startswith("dict[") and isinstance(value, dict):
        return {_text(list(k)) if isinstance(k, (list, tuple)) else k:
                _text(v) if shape.endswith(",str]") and isinstance(v, list) else v for k, v in value.items()}
    return value


def _text(codes: list) -> str:
    """The string of code points `codes` (a number that is no code point was never read: '?')."""
    return "".join(chr(c) if isinstance(c, int) and 0 <= c <= 0x10FFFF else "?" for c in codes)
