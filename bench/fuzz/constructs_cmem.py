"""Random C programs over the memory constructs the "memory" kind leaves out, for the
differential fuzzer (construct kind "cmem"): `char` arrays from string literals (some
filling the array with no terminating zero) walked to their end, pointers to literals read
and written (read-only memory), pointers into arrays of structs moved by arithmetic and
compared with the end (`q < ps + M`, some `<=`), pointer differences, global arrays,
`malloc` in loops and branches freed in some branches only (leaks, double frees, reads
after the free), and pointers to locals of a block or of a loop's body read after it ended
(use-after-free). Each snippet carries at most one seeded bug guarded by a condition on the
inputs `x`, `y` that some of their values meet. Every pair of the small domains is run
(`oracle_text`, gcc -fsanitize=address,undefined, the blocks still allocated when `main`
returns counted as leaks at their `malloc`'s line), each with every mask of failing
allocations for the first three calls (verify's allocations may fail)."""

from __future__ import annotations

import itertools
import random

from .constructs import C_LIST_HEADER, Construct

CHECKS = "assert,overflow,bounds,null,free,use-after-free,leak"
WORDS = ["ab", "abc", "a", "", "xyz", "hi"]


class _Snippets:
    """One program's state while it is drawn: the globals it needs, a counter for fresh names."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.globals: list[str] = []
        self.fresh = 0
        self.struct = False
        self.loops = rng.random() < 0.3  # a loop needs an invariant, and its timeout costs every answer

    def name(self, stem: str) -> str:
        self.fresh += 1
        return f"{stem}{self.fresh}"

    def guard(self) -> str:
        """A condition some inputs meet (or, rarely, none)."""
        r = self.rng
        return r.choice([f"x > {r.randint(0, 3)}", f"y == {r.randint(-1, 2)}", "x == y", f"x + y > {r.randint(1, 4)}",
                         "(x & 1) == 0", f"x < {r.randint(-2, 0)}", "y != 0", "x > 9"])

    def index(self, size: int) -> str:
        r = self.rng
        return r.choice([str(r.randint(0, size - 1)), f"(x >= 0 && x < {size} ? x : 0)", f"(y & {size - 1})"
                         if size in (2, 4) else f"(y > 0 ? y % {size} : 0)", "x", "y", f"{size} - x", f"x + 1"])

    # -- snippets, each a list of lines of main's body ------------------------------------

    def string(self) -> list[str]:
        r = self.rng
        word = r.choice(WORDS)
        size = r.choice([len(word) + 1, len(word) + 1, len(word) + 2, max(len(word), 1)])  # max(len, 1): no NUL
        s, k = self.name("s"), self.name("n")
        lines = [f'char {s}[{size}] = "{word}";', f"int {k} = {r.choice(['0', '1', 'x', 'y'])};"]
        if self.loops:
            walk = r.choice([f"{k} < {size} && {s}[{k}] != 0", f"{s}[{k}] != 0 && {k} < {size}", f"{s}[{k}] != 0"])
            lines += [f"while ({walk}) {{", f"  {k}++;", "}"]
        else:
            lines += [f"if ({k} >= 0 && {k} {r.choice(['<', '<', '<='])} {size} && {s}[{k}] != 0) {{", f"  {k}++;", "}"]
        lines.append(r.choice([f"__VERIFIER_assert({k} == {len(word)});", f"__VERIFIER_assert({k} <= {size});",
                               f"t = t + {s}[{self.index(size)}];", f"{s}[{self.index(size)}] = 'z';",
                               f"if ({self.guard()}) {{ t = {s}[{k}]; }}"]))
        if r.random() < 0.4:
            lit = self.name("l")
            lines += [f'char *{lit} = "{word}";', f"t = t + {lit}[{self.index(len(word) + 1)}];"]
            if r.random() < 0.3:  # a write to the literal's read-only array, or to a copy of it
                target = lit if r.random() < 0.5 else s
                lines.append(f"if ({self.guard()}) {{ {target}[{self.index(min(len(word) + 1, size))}] = 'q'; }}")
        return lines

    def structs(self) -> list[str]:
        r = self.rng
        self.struct = True
        m = r.randint(2, 3)
        ps, q = self.name("ps"), self.name("q")
        inits = ", ".join(f"{{{r.randint(-1, 3)}, {r.randint(0, 3)}}}" for _ in range(m))
        lines = [f"struct pt {ps}[{m}] = {{{inits}}};", f"struct pt *{q} = &{ps}[{r.randint(0, m - 1)}];"]
        lines.append(f"{q}->{r.choice('xy')} = x;")
        step = r.choice(["1", "1", "y", "(x > 1)", "-1"])
        lines.append(f"{q} = {q} + {step};")
        end = r.choice([f"{ps} + {m}", f"{ps} + {m}", f"&{ps}[{m - 1}]"])
        compare = r.choice(["<", "<", "<=", "!="])
        lines += [f"if ({q} {compare} {end} && {q} >= {ps}) {{", f"  {q}->y = {q}->x + 1;", "}"]
        if r.random() < 0.5:
            lines.append(f"t = t + (int) ({q} - {ps});")
        if r.random() < 0.5 and self.loops:
            lines += [f"for ({q} = {ps}; {q} {r.choice(['<', '<', '<='])} {ps} + {m}; {q}++) {{", f"  t = t + {q}->x;",
                      "}"]
        return lines

    def heap_loop(self) -> list[str]:
        """malloc in a bounded loop, freed on every path or (seeded) on some."""
        r = self.rng
        n, m, i = r.randint(1, 3) if self.loops else 1, self.name("m"), self.name("i")
        size = r.randint(1, 3)
        body = [f"  int *{m} = malloc({size} * sizeof(int));", f"  if ({m} == 0) {{", "    return 0;", "  }",
                f"  {m}[{r.choice(['0', str(size - 1), 'x' if r.random() < 0.3 else '0'])}] = {i};",
                f"  t = t + {m}[0];"]
        bug = r.choice(["none", "none", "leak", "double", "after"])
        if bug == "leak":
            body += [f"  if ({self.guard()}) {{", f"    free({m});", "  }"]
        elif bug == "double":
            body += [f"  free({m});", f"  if ({self.guard()}) {{", f"    free({m});", "  }"]
        elif bug == "after":
            body += [f"  free({m});", f"  if ({self.guard()}) {{", f"    t = {m}[0];", "  }"]
        else:
            body += [f"  if ({self.guard()}) {{", f"    free({m});", "  } else {", f"    {m}[0] = 1;",
                     f"    free({m});", "  }"]
        return [f"for (int {i} = 0; {i} < {n}; {i}++) {{", *body, "}"]

    def heap_branch(self) -> list[str]:
        """A block allocated on some inputs, used and freed under other conditions."""
        r = self.rng
        h = self.name("h")
        size = r.randint(1, 4)
        lines = [f"int *{h} = 0;", f"if ({self.guard()}) {{", f"  {h} = malloc({size} * sizeof(int));",
                 f"  if ({h} == 0) {{", "    return 0;", "  }", f"  {h}[{self.index(size)}] = y;", "}"]
        lines.append(r.choice([f"if ({h} != 0) {{ t = t + {h}[0]; }}", f"if ({self.guard()}) {{ t = {h}[0]; }}",
                               f"if ({h}) {{ {h}[{size - 1}] = t; }}"]))
        free_guard = r.choice([f"{h} != 0", "1", self.guard()])
        lines.append(f"if ({free_guard}) {{ free({h}); }}")
        if r.random() < 0.3:
            lines.append(f"if ({self.guard()}) {{ t = t + *{h}; }}")
        return lines

    def lifetime(self) -> list[str]:
        """A pointer to a block's or a loop body's local, read after its scope ended."""
        r = self.rng
        p, v = self.name("p"), self.name("v")
        lines = [f"int *{p} = &t;"]
        if r.random() < 0.5 or not self.loops:
            lines += ["{", f"  int {v} = x + 1;", f"  if ({self.guard()}) {{", f"    {p} = &{v};", "  }",
                      f"  t = t + *{p};", "}"]
        else:
            i = self.name("i")
            lines += [f"for (int {i} = 0; {i} < 2; {i}++) {{", f"  int {v} = {i} + y;", f"  if ({self.guard()}) {{",
                      f"    {p} = &{v};", "  }", f"  t = t + *{p};", "}"]
        lines.append(r.choice([f"if ({self.guard()}) {{ t = *{p}; }}", f"{p} = &t;", f"t = *{p};"]))
        return lines

    def global_array(self) -> list[str]:
        r = self.rng
        g, gp = self.name("g"), self.name("gp")
        size = r.randint(2, 4)
        self.globals.append(f"int {g}[{size}];")
        start = r.randint(0, size - 1)
        return [f"{g}[{self.index(size)}] = x;", f"int *{gp} = {g} + {start};",
                f"{gp}[{r.choice(['0', '1', '-1', 'y'])}] = {gp}[0] + 1;",
                f"__VERIFIER_assert({g}[{r.randint(0, size - 1)}] {r.choice(['>=', '!=', '<='])} {r.randint(-1, 2)});"]

    def walk(self) -> list[str]:
        """Pointer arithmetic over a local array: a walk to its end, a difference."""
        r = self.rng
        a, e, w = self.name("a"), self.name("e"), self.name("w")
        n = r.randint(2, 4)
        inits = ", ".join(str(r.randint(-1, 3)) for _ in range(n))
        lines = [f"int {a}[{n}] = {{{inits}}};", f"int *{e} = {a} + {n};"]
        compare = r.choice(["<", "<", "!=", "<="])
        if self.loops:
            lines += [f"for (int *{w} = {a}; {w} {compare} {e}; {w}++) {{", f"  t = t + *{w};", "}"]
        else:
            lines += [f"int *{w} = {a} + {r.choice(['1', 'y', '(x > 0)'])};", f"if ({w} {compare} {e}) {{",
                      f"  t = t + *{w};", "}"]
        lines.append(r.choice([f"__VERIFIER_assert({e} - {a} == {n});",
                               f"t = t + *({e} - {r.choice(['1', '1', 'y'])});",
                               f"if ({a} + x < {e}) {{ t = t + {a}[x]; }}",
                               f"if ({a} + x <= {e} && x >= 0) {{ t = t + {a}[x]; }}"]))
        return lines


def c_cmem(rng: random.Random) -> Construct:
    """A program of the "cmem" kind (module docstring)."""
    st = _Snippets(rng)
    lo, hi = rng.choice([(-1, 3), (0, 4), (-2, 2)])
    ylo, yhi = rng.choice([(-1, 2), (0, 2)])
    body = ["int x = __VERIFIER_nondet_int();", f"__VERIFIER_assume(x >= {lo} && x <= {hi});",
            "int y = __VERIFIER_nondet_int();", f"__VERIFIER_assume(y >= {ylo} && y <= {yhi});", "int t = 0;"]
    makers = [st.string, st.structs, st.heap_loop, st.heap_branch, st.lifetime, st.global_array, st.walk]
    for make in rng.sample(makers, rng.randint(2, 3)):
        body += make()
    body += [f"__VERIFIER_assert(t != {rng.randint(-1, 6)});", "return 0;"]
    header = list(C_LIST_HEADER) + ["struct pt {", "  int x;", "  int y;", "};"] + st.globals
    text = "\n".join(header + ["int main(void) {"] + ["  " + line for line in body] + ["}"]) + "\n"
    sites = sum(text.count(call) for call in ("malloc(", "calloc(")) - 1  # (the header declares malloc)
    cases = list(itertools.product(range(lo, hi + 1), range(ylo, yhi + 1), range(2 ** min(sites + 1, 3))))
    return Construct("cmem", "c", text, "main", CHECKS, cases)
