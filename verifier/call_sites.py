"""The call path of a check made inside an inlined callee, as people read it.

The C frontend lowers some calls by lowering the callee's body in the caller
(`verifier.frontends.c_inline`: calls passing pointers, and calls passing a
length that may not fit its array); a check of that body is one of the
caller's checks, at the callee's line. The frontend lists those calls in
``Program.replay_facts["inlined_calls"]``: function -> one entry per inlined
call, ``[callee, first line, last line, [caller, call line], ...]`` (the
callee's body spans the lines; the pairs run from the function itself to the
innermost call). A call passing arrays that stays a call has its callee's
body run there too (`verifier.cfa` inlines every call): `through_calls` adds
those calls, and the calls their callees make, to the list. `call_path`
names the paths that reach a line: ``main line 16 -> sum``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["call_path", "with_call_path", "through_calls"]

#: calls that stay calls followed from one function: deeper ones are left out (recursion)
MAX_CALL_DEPTH = 8


def call_path(facts: Mapping[str, object], function: str, line: int) -> str:
    """The call paths through which `function` reaches `line` of an inlined
    callee (the innermost callee whose body holds it), '' if none does."""
    inlined = facts.get("inlined_calls", {})
    entries = [e for e in inlined.get(function, []) if e[1] <= line <= e[2]] if isinstance(inlined, Mapping) else []
    if not entries:
        return ""
    deepest = max(len(e) for e in entries)
    paths = []
    for callee, _first, _last, *calls in entries:
        if len(calls) + 3 == deepest:
            path = " -> ".join(f"{caller} line {at}" for caller, at in calls) + f" -> {callee}"
            if path not in paths:
                paths.append(path)
    return "; ".join(paths)


def with_call_path(message: str, facts: Mapping[str, object], function: str, line: int) -> str:
    """`message` with the call path of `line` (see `call_path`) after it, once."""
    path = call_path(facts, function, line)
    note = f" (call path: {path})" if path else ""
    return message if not note or message.endswith(note) else message + note


def through_calls(inlined: Mapping[str, list[list]], called: Mapping[str, list[list]]) -> dict[str, list[list]]:
    """Each function's entries (as ``inlined_calls``'): its inlined calls, the
    calls it makes that stay calls (`called`, same form), and through each of
    those the entries of its callee, their paths after the call's (at most
    `MAX_CALL_DEPTH` calls deep; a recursive call is not followed: its
    callee's lines already have a path)."""
    out: dict[str, list[list]] = {}
    for function in sorted(set(inlined) | set(called)):
        entries = list(inlined.get(function, []))
        todo = [(entry, 1) for entry in called.get(function, [])]
        while todo:
            (callee, first, last, *path), depth = todo.pop()
            if callee in {caller for caller, _ in path}:
                continue  # recursion: its lines are already on the path
            entries.append([callee, first, last, *path])
            if depth >= MAX_CALL_DEPTH:
                continue
            entries += [[c, f, la, *path, *inner] for c, f, la, *inner in inlined.get(callee, [])]
            todo += [([c, f, la, *path, *inner], depth + 1) for c, f, la, *inner in called.get(callee, [])]
        if entries:
            out[function] = entries
    return out
