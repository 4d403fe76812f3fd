"""Can a CloudFormation parameter's `AllowedPattern` admit a `*` or a `?`?

CloudFormation rejects a parameter value that does not match its AllowedPattern
(CloudFormation User Guide, "Parameters", AllowedPattern), so a pattern whose
every matching string is free of `*` and `?` makes the parameter a value IAM
never reads as a wildcard. `admits_wildcard` reads the common regular-expression
subset (literals, escapes, classes and ranges, groups, alternation, quantifiers,
anchors) and answers False only when no atom of the pattern can produce either
character; anything it does not read (an unescaped `.`, a negated class, `\\S`,
a hexadecimal escape, a look-around) answers True.
"""

from __future__ import annotations

import re

WILDCARDS = "*?"
#: escapes of character classes and anchors that never produce `*` or `?`
SAFE_ESCAPES = "dwsbBAZzntrfv"


def admits_wildcard(pattern: str) -> bool:
    """True unless every string `pattern` matches is free of `*` and `?` (module doc)."""
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n or not _safe_escape(pattern[i + 1]):
                return True
            i += 2
        elif c == "[":
            end = _class_end(pattern, i)
            if end is None or not _safe_class(pattern[i + 1:end]):
                return True
            i = end + 1
        elif c == "(":
            if pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
                return True
            i += 3 if pattern.startswith("(?:", i) else 1
        elif c == "{":
            m = re.match(r"\{\d+(,\d*)?\}", pattern[i:])
            if m is None:
                return True
            i += m.end()
        elif c == ".":
            return True
        else:  # a literal, an anchor, `|`, `)` or a quantifier (`*`, `+` and `?` repeat, never produce)
            i += 1
    return False


def _safe_escape(c: str) -> bool:
    return c in SAFE_ESCAPES or (not c.isalnum() and c not in WILDCARDS)


def _class_end(pattern: str, start: int) -> int | None:
    """The index of the `]` closing the class that opens at `start`."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "[":
            return None  # a nested class or a POSIX class: not read
        if pattern[i] == "]":
            return i
        i += 1
    return None


def _safe_class(body: str) -> bool:
    """Does the class `[body]` exclude `*` and `?`?"""
    if body.startswith("^") or "&&" in body:
        return False
    chars: list[str] = []
    i = 0
    while i < len(body):
        if body[i] == "\\":
            if i + 1 >= len(body) or not _safe_escape(body[i + 1]):
                return False
            if not body[i + 1].isalnum():
                chars.append(body[i + 1])
            elif body[i + 1] in "dws":
                chars.append("")  # a class: no wildcard, and no end of a range
            i += 2
            continue
        chars.append(body[i])
        i += 1
    for j, c in enumerate(chars):
        if c in WILDCARDS and c:
            return False
        if c == "-" and 0 < j < len(chars) - 1 and chars[j - 1] and chars[j + 1]:
            low, high = ord(chars[j - 1]), ord(chars[j + 1])
            if any(low <= ord(w) <= high for w in WILDCARDS):
                return False
    return True
