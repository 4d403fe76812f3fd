"""The call path of a check made inside an inlined callee, as people read it.

The C frontend lowers some calls by lowering the callee's body in the caller
(`verifier.frontends.c_inline`: calls passing pointers, and calls passing a
length that may not fit its array); a check of that body is one of the
caller's checks, at the callee's line. The frontend lists those calls in
``Program.replay_facts["inlined_calls"]``: function -> one entry per inlined
call, ``[callee, first line, last line, [caller, call line], ...]`` (the
callee's body spans the lines; the pairs run from the function itself to the
innermost call). `call_path` names the paths that reach a line:
``main line 16 -> sum``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["call_path", "with_call_path"]


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
