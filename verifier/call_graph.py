"""Who calls whom: the functions a function calls, and the call cycles
reachable from one (recursion). Cheap to import: `verify equiv` asks it
before deciding whether the summary engines are needed at all."""

from __future__ import annotations

import dataclasses

from . import ir


def callees(program: ir.Program, name: str) -> set[str]:
    """The functions `name` calls directly."""
    found: set[str] = set()
    stack: list = list(program.functions[name].body)
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Call):
            found.add(node.func)
        if dataclasses.is_dataclass(node):
            for f in dataclasses.fields(node):
                value = getattr(node, f.name)
                if isinstance(value, (ir.Expr, ir.Stmt)):
                    stack.append(value)
                elif isinstance(value, (list, tuple)):
                    stack.extend(v for v in value if isinstance(v, (ir.Expr, ir.Stmt)))
    return found


def recursive_functions(program: ir.Program, function: str) -> list[list[str]]:
    """The call cycles reachable from `function`: strongly connected sets of
    functions with a call inside, each sorted, in order of first reach."""
    order, graph = [function], {}
    for name in order:  # breadth-first: `order` grows while it is walked
        graph[name] = {c for c in callees(program, name) if c in program.functions}
        order += sorted(graph[name] - set(order))
    reach = {name: _reachable(graph, name) for name in order}
    parts, placed = [], set()
    for name in order:
        if name in placed or name not in reach[name]:
            continue
        part = sorted(other for other in order if other in reach[name] and name in reach[other])
        placed.update(part)
        parts.append(part)
    return parts


def reachable_functions(program: ir.Program, function: str) -> set[str]:
    """The functions of `program` that `function` calls, directly or through others."""
    graph: dict[str, set[str]] = {}
    order = [function]
    for name in order:  # `order` grows while it is walked
        graph[name] = {c for c in callees(program, name) if c in program.functions}
        order += sorted(graph[name] - set(order))
    return _reachable(graph, function)


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """The functions reached from `start` by one call or more."""
    seen: set[str] = set()
    stack = list(graph.get(start, ()))
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(graph.get(name, ()))
    return seen


__all__ = ["callees", "reachable_functions", "recursive_functions"]
