"""Shrink a fuzz program that verify answers wrongly, keeping it wrong: greedily drop
statements (in every block, helpers too), unwrap if/loop bodies, and replace
sub-expressions by one of their operands, until no single step keeps the failure."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator

from .program import Program


def minimise(program: Program, still_wrong: Callable[[Program], bool], rounds: int = 200) -> Program:
    """The smallest program found from `program` on which `still_wrong` holds."""
    current = program
    for _ in range(rounds):
        for candidate in _smaller(current):
            if still_wrong(candidate):
                current = candidate
                break
        else:
            return current
    return current


def _smaller(program: Program) -> Iterator[Program]:
    """Every program one step smaller than `program`."""
    blocks = _blocks(program)
    for b in range(len(blocks)):
        for i in range(len(blocks[b])):
            yield _edit(program, b, lambda block, i=i: block.pop(i))
            stmt = blocks[b][i]
            if stmt[0] in ("if", "loop", "while"):  # replace the statement by a body of it
                bodies = [stmt[2], stmt[3]] if stmt[0] == "if" else [stmt[4] if stmt[0] == "loop" else stmt[2]]
                for body in bodies:
                    yield _edit(program, b, lambda block, i=i, body=body: block.__setitem__(
                        slice(i, i + 1), copy.deepcopy(body)))
            for path, operand in _operands(stmt):
                yield _edit(program, b, lambda block, i=i, path=path, operand=operand: block.__setitem__(
                    i, _replace(block[i], path, operand)))
    if len(program.inputs) > 1:
        for v in program.inputs:  # a narrower domain: the input's lowest value only
            if v.domain[0] != v.domain[1]:
                smaller = copy.deepcopy(program)
                w = next(x for x in smaller.inputs if x.name == v.name)
                smaller.inputs[smaller.inputs.index(w)] = type(w)(w.name, w.c_type, (w.domain[0], w.domain[0]))
                yield smaller


def _blocks(program: Program) -> list[list]:
    """Every statement list of `program`, in a fixed order (`_edit` finds them again by index)."""
    found: list[list] = []

    def walk(block: list) -> None:
        found.append(block)
        for s in block:
            if s[0] == "if":
                walk(s[2])
                walk(s[3])
            elif s[0] == "switch":
                for _, body, _ in s[2]:
                    walk(body)
                walk(s[3])
            elif s[0] == "loop":
                walk(s[4])
            elif s[0] == "while":
                walk(s[2])

    walk(program.body)
    for helper in program.helpers:
        walk(helper[4])
    return found


def _edit(program: Program, index: int, change: Callable[[list], object]) -> Program:
    smaller = copy.deepcopy(program)
    change(_blocks(smaller)[index])
    return smaller


def _operands(stmt) -> Iterator[tuple[tuple[int, ...], object]]:
    """(path of a compound sub-expression of `stmt`, one of its operands)."""
    def walk(e, path):
        if isinstance(e, tuple) and e and e[0] in ("bin", "cmp", "un", "cast", "and", "or", "ite", "call", "select",
                                                   "builtin", "chain", "boolval"):
            parts = [(k, x) for k, x in enumerate(e) if isinstance(x, tuple) and x and isinstance(x[0], str)]
            for k, x in parts:
                yield path, x
            for k, x in parts:
                yield from walk(x, path + (k,))
    for k, part in enumerate(stmt):
        if isinstance(part, tuple) and part and isinstance(part[0], str):
            yield from walk(part, (k,))


def _replace(e, path: tuple[int, ...], value):
    if not path:
        return value
    items = list(e)
    items[path[0]] = _replace(items[path[0]], path[1:], value)
    return tuple(items)
