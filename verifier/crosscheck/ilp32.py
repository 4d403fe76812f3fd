"""Compile a replay harness as if under the ILP32 data model, with a 64-bit gcc.

`gcc -m32` needs a 32-bit libc that is rarely installed, so the harness text
is rewritten instead (`narrow_longs`): every `long` that is not half of
`long long` (nor of `long double`) becomes `int` (``unsigned long`` -> ``unsigned int``, ``long
int`` -> ``int``), an ``l``/``L`` suffix that is not ``ll`` is dropped from
integer constants, and limits.h's `long` macros and the `long`-sized
typedefs of stddef.h get their 32-bit meaning. The result has ILP32's integer
semantics: `long` has int's width, signedness and conversions; a constant
that ILP32 makes `long long` (too big for a 32-bit `long`) becomes a 64-bit
`long` without its suffix, of the same width and signedness; `sizeof(long)`
is 4. Comments, strings and character constants are left alone, and every
token keeps its line and column.
"""

from __future__ import annotations

import re

__all__ = ["narrow_longs"]

_TOKEN = re.compile(
    r"""(?P<skip>//[^\n]*|/\*.*?(?:\*/|\Z)|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?)
      | (?P<number>(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b)
      | (?P<word>[A-Za-z_]\w*)
      | (?P<other>\s+|.)""",
    re.S | re.X,
)
#: the keywords of a type; a run of them (and white space) names one type
_TYPE_WORDS = frozenset({"signed", "unsigned", "short", "int", "long", "char", "double"})
#: typedefs of stddef.h and stdint.h that are `long`-sized under LP64 -> their ILP32 type
_LONG_TYPEDEFS = {"size_t": "unsigned int", "ssize_t": "int", "ptrdiff_t": "int",
                  "intptr_t": "int", "uintptr_t": "unsigned int"}
_LIMITS = ("#undef LONG_MIN\n#define LONG_MIN (-2147483647 - 1)\n"
           "#undef LONG_MAX\n#define LONG_MAX 2147483647\n"
           "#undef ULONG_MAX\n#define ULONG_MAX 4294967295U\n")
_LIMITS_INCLUDE = "#include <limits.h>\n"
#: where the user's code starts in a replay harness: the 32-bit names go right before
_USER_CODE = re.compile(r"^#line 1 ", re.M)


def narrow_longs(text: str) -> str:
    """`text` (a whole C translation unit) with ILP32's `long` (see the module doc)."""
    pieces: list[str] = []
    run: list[int] = []  # indexes in `pieces` of the type words of the current run
    words: set[str] = set()

    def close_run() -> None:
        longs = [i for i in run if pieces[i] == "long"]
        if len(longs) == 1 and not any(pieces[i] == "double" for i in run):
            has_int = any(pieces[i] == "int" for i in run)
            pieces[longs[0]] = "    " if has_int else "int "  # same length: columns stay
        run.clear()

    for m in _TOKEN.finditer(text):
        kind, token = m.lastgroup, m.group()
        if kind == "word" and token in _TYPE_WORDS:
            run.append(len(pieces))
            pieces.append(token)
            continue
        if not (kind == "other" and token.isspace()):
            close_run()
        if kind == "number":
            digits, suffix = re.fullmatch(r"(0[xX][0-9a-fA-F]+|\d+)([uUlL]*)", token).groups()
            if suffix.lower().count("l") == 1:
                token = digits + suffix.replace("l", "").replace("L", "") + " "  # columns stay
        elif kind == "word":
            words.add(token)
        pieces.append(token)
    close_run()
    return _with_prelude("".join(pieces), words)


def _with_prelude(text: str, words: set[str]) -> str:
    """Put the 32-bit limits and typedef names after the harness's headers,
    right before the user's code (`#line 1`), or first if there is none."""
    defines = _LIMITS + "".join(
        f"#define {name} {ctype}\n" for name, ctype in sorted(_LONG_TYPEDEFS.items())
        if name in words and not re.search(rf"\btypedef\b[^;]*\b{name}\s*;", text))
    user = _USER_CODE.search(text)
    at = user.start() if user else 0
    return text[:at] + _LIMITS_INCLUDE + defines + text[at:]
