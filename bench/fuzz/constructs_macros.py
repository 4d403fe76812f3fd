"""C programs of the "integers", "arrays" and "control" kinds rewritten through the preprocessor,
for the differential fuzzer (construct kind "macros"): some binary operations on two plain
operands become calls of function-like macros, parenthesised (`#define ADD(a, b) ((a) + (b))`)
or not (`#define ADDU(a, b) a + b`, whose expansion binds to its neighbours as C's grammar
says), some through a variadic macro (`APPLY(ADD, x, y)`, `#define APPLY(f, ...) f(__VA_ARGS__)`),
and some integer literals become object-like macros (`#define K3 3`), maybe reached by token
pasting (`PASTE(K, 3)`, `PASTE(1, 2)` for 12, `#define PASTE(a, b) a ## b`). gcc expands them
for the ground truth (`oracle_text`), verify's frontend for its answer: the two read one text."""

from __future__ import annotations

import random
import re

from .constructs import Construct

#: a binary operation on two plain operands (names or literals), not inside an array declaration
_OPERATION = re.compile(r"(?<![\w\].>])(\w+) ([-+*/%&|^]|<<|>>|<|==) (\w+)(?![\w\[(.]|->)")
_LITERAL = re.compile(r"(?<![\w.\[])([0-9]+)(?![\w.\]])")
_NAMES = {"+": "ADD", "-": "SUB", "*": "MUL", "/": "DIV", "%": "MOD", "&": "AND", "|": "OR", "^": "XOR",
          "<<": "SHL", ">>": "SHR", "<": "LT", "==": "EQ"}


def c_macros(rng: random.Random) -> Construct:
    """A construct of another C kind, its text rewritten with macros (module docstring)."""
    from .constructs import generate_construct

    base = generate_construct(rng.randint(0, 10**6), "c", rng.choice(["integers", "arrays", "control"]))
    defines: dict[str, str] = {}
    lines = base.text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("int main("))
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if "[" in line.split("=")[0] and line.strip().startswith(("int ", "char ", "unsigned ", "short ", "long ")):
            continue  # an array declaration: its size stays a literal

        def operation(m: re.Match) -> str:
            if rng.random() < 0.5:
                return m.group(0)
            plain = rng.random() < 0.4
            name = _NAMES[m.group(2)] + ("U" if plain else "")
            defines[name] = f"a {m.group(2)} b" if plain else f"((a) {m.group(2)} (b))"
            if rng.random() < 0.25:
                defines["APPLY"] = "f(__VA_ARGS__)"
                return f"APPLY({name}, {m.group(1)}, {m.group(3)})"
            return f"{name}({m.group(1)}, {m.group(3)})"

        def literal(m: re.Match) -> str:
            roll = rng.random()
            if roll < 0.7:
                return m.group(0)
            digits = m.group(1)
            if roll < 0.8 and len(digits) > 1:
                defines["PASTE"] = "a ## b"
                return f"PASTE({digits[:1]}, {digits[1:]})"
            defines[f"K{digits}"] = digits
            if roll < 0.9:
                defines["PASTE"] = "a ## b"
                return f"PASTE(K, {digits})"
            return f"K{digits}"

        lines[i] = _LITERAL.sub(literal, _OPERATION.sub(operation, line)) if "__VERIFIER_nondet" not in line \
            and not line.strip().startswith(("case ", "#")) else line
    parameters = {"APPLY": "(f, ...)"}
    macros = [f"#define {name}{parameters.get(name, '(a, b)')} {body}" if not name.startswith("K")
              else f"#define {name} {body}" for name, body in sorted(defines.items())]
    text = "\n".join(lines[:start] + macros + lines[start:]) + "\n"
    return Construct("macros", "c", text, base.entry, base.checks, base.cases)
