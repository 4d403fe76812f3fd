"""C pointer values as people read them in a counterexample.

The C frontend lowers a pointer ``p`` to two integers (see
`verifier.frontends.c_pointers`): ``p#obj``, the number of the object it
designates (0 is NULL, -1 none yet), and ``p#off``, the offset in elements.
The frontend lists each function's objects in
``Program.replay_facts["pointer_objects"]``: number -> [label, is_array].
`show_pointers` turns the two numbers of a trace state into one target:
``&a[2]``, ``&x``, ``NULL``, ``heap block of line 7 [0]``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["POINTER_PARTS", "show_pointers", "pointer_target"]

#: the suffixes of the two IR integers of a pointer variable
POINTER_PARTS = ("#obj", "#off")

#: object numbers with a fixed meaning (`c_types.NO_OBJECT` is -1, `c_types.DEAD_OBJECT` -2)
_NULL, _NO_OBJECT, _DEAD_OBJECT = 0, -1, -2


def pointer_target(obj: int, off: int, objects: Mapping[str, list]) -> str:
    """The target of a pointer designating object `obj` at offset `off`."""
    if obj == _NULL:
        return "NULL" if off == 0 else f"NULL + {off}"
    if obj == _NO_OBJECT:
        return "uninitialised"
    if obj == _DEAD_OBJECT:
        return "dead (its object's lifetime ended)"
    label, is_array = objects.get(str(obj), (f"object {obj}", True))
    if label.startswith("heap block"):
        return f"{label} [{off}]"
    if label.startswith("node "):  # a node of a list parameter (`frontends.c_list_params`)
        return label if off == 0 else f"{label} + {off}"
    if is_array:
        return f"&{label}[{off}]"
    return f"&{label}" if off == 0 else f"&{label} + {off}"


def show_pointers(values: Mapping[str, object], objects: Mapping[str, list]) -> dict[str, object]:
    """`values` (a trace state) with each pointer's ``p#obj``/``p#off`` pair
    replaced by ``p``: its target (see `pointer_target`), in the pair's place."""
    obj_suffix, off_suffix = POINTER_PARTS
    shown: dict[str, object] = {}
    for name, value in values.items():
        if name.endswith(off_suffix) and name[: -len(off_suffix)] + obj_suffix in values:
            continue
        if name.endswith(obj_suffix):
            base = name[: -len(obj_suffix)]
            off = values.get(base + off_suffix, 0)
            if isinstance(value, int) and isinstance(off, int):
                shown[base] = pointer_target(value, off, objects)
                continue
        shown[name] = value
    return shown
