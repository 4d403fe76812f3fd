"""Designated initialisers (C11 6.7.9p6-p19): ``{ .f = v }``, ``{ [k] = v }`` as the slots they fill.

The grammar gives a designated item as a `designated` tree: its designators (an
``IDENTIFIER`` token for ``.f``, an expression tree for ``[k]``), the ``=`` token,
then the initialiser. `slotted` resolves the first designator of each item to
a slot (a field's position, an element's index); an item with more designators
(``.c[1] = 2``, ``[0].x = 1``) becomes a brace initialiser of that slot holding
the rest (``.c = { [1] = 2 }``), merged with the others of the same slot. An
item without a designator takes the slot after the previous item's, as C has it.
An item that overrides an earlier one for the same slot is refused (C leaves the
earlier one's side effects unspecified, and a brace initialiser's override of a
part is subtle): `OverriddenSlot`.
"""

from __future__ import annotations

from collections.abc import Callable

from lark import Token, Tree

__all__ = ["DESIGNATED", "OverriddenSlot", "is_designated", "slotted"]

DESIGNATED = "designated"


class OverriddenSlot(Exception):
    """An initialiser item names a slot an earlier item of the same braces filled."""

    def __init__(self, item: Tree | Token) -> None:
        super().__init__("initialiser item overriding an earlier one")
        self.item = item


def is_designated(item: object) -> bool:
    """`item` is a designated initialiser item (``.f = v``, ``[k] = v``)."""
    return isinstance(item, Tree) and item.data == DESIGNATED


def slotted(children: list, slot_of: Callable[[Tree | Token], int]) -> list[tuple[int, Tree | Token]]:
    """The items of one pair of braces with the slot each fills, in source order.
    `slot_of` maps a designator to its slot (raising for a bad one)."""
    placed: list[tuple[int, Tree | Token]] = []
    by_slot: dict[int, int] = {}  # slot -> its entry in `placed`
    merged: set[int] = set()  # the slots holding a brace initialiser made here from nested designators
    cursor = 0
    for child in children:
        if not is_designated(child):
            slot, item = cursor, child
        else:
            *designators, assign, item = child.children
            slot = slot_of(designators[0])
            if len(designators) > 1:
                rest = Tree(DESIGNATED, designators[1:] + [assign, item], child.meta)
                if slot in merged:
                    placed[by_slot[slot]][1].children.append(rest)  # type: ignore[union-attr]
                    cursor = slot + 1
                    continue
                item = Tree("brace_init", [rest], child.meta)
                if slot not in by_slot:
                    merged.add(slot)
        if slot in by_slot:
            raise OverriddenSlot(child)
        by_slot[slot] = len(placed)
        placed.append((slot, item))
        cursor = slot + 1
    return placed
