"""Random small programs over this session's constructs, written as source text: C linked
lists (malloc in bounded loops, traversals, searches, frees, null tests, seeded bugs), C arrays
and pointers (`constructs_memory`), SV-COMP-style array loops (`constructs_arrays`), integer
conversions, variable shifts and signed division (`constructs_integers`), switch/continue,
do-while, goto, recursion and arrays of structs (`constructs_control`), Python slices with
steps, string methods, dict get/setdefault, list aliases, key= (`constructs_pyops`), Python
`sorted`/`sort` with key=/reverse=, dict comprehensions, and parameterless mains drawing
`random.randint` / `int(input())` / `__VERIFIER_nondet_int()` values.

Each `Construct` lists every input it can be run on (`cases`: the nondet values in call order
for C and for a Python main, the arguments of `f` otherwise), so `oracle_text` can run them
all for the ground truth."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

#: the construct kinds per language ("equiv": recursive-versus-loop pairs of `equiv_pairs`)
KINDS = {"c": ("lists", "stacklists", "memory", "memcalls", "arrays", "integers", "control", "exactints", "cmem",
               "cstd", "macros", "loops", "equiv"),
         "py": ("sorting", "dicts", "nondet", "sequences", "pyops", "pydata", "pymodule", "loops", "pycalls",
                "equiv")}

C_LIST_HEADER = [
    "extern void abort(void);",
    "extern void __assert_fail(const char *, const char *, unsigned int, const char *)"
    " __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));",
    'void reach_error() { __assert_fail("0", "fuzz.c", 3, "reach_error"); }',
    "extern int __VERIFIER_nondet_int(void);",
    "extern void __VERIFIER_assume(int);",
    "void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }",
    "extern void *malloc(unsigned long size);",
    "extern void free(void *ptr);",
    "struct node {",
    "  int data;",
    "  struct node *next;",
    "};",
]


@dataclass
class Construct:
    """A generated program, its entry function, the checks to ask and every input to run."""
    kind: str
    language: str
    text: str
    entry: str
    checks: str
    cases: list[tuple[int, ...]]


def generate_construct(seed: int, language: str, kind: str) -> Construct:
    from .constructs_arrays import c_arrays  # these modules build on this one's header and Construct
    from .constructs_cmem import c_cmem
    from .constructs_control import c_control
    from .constructs_cstd import c_std
    from .constructs_loops import c_loops, py_loops
    from .constructs_macros import c_macros
    from .constructs_exact import c_exact
    from .constructs_integers import c_integers
    from .constructs_memory import c_memory
    from .constructs_pycalls import py_calls
    from .constructs_pydata import py_data
    from .constructs_pymodule import py_module
    from .constructs_pyops import py_ops
    from .constructs_sequences import py_sequences
    rng = random.Random(f"{language}-{kind}-{seed}")
    makers = {"lists": c_list, "stacklists": c_stack_list, "memory": c_memory, "arrays": c_arrays,
              "memcalls": lambda r: c_memory(r, "memcalls"), "integers": c_integers, "control": c_control,
              "exactints": c_exact, "cmem": c_cmem, "cstd": c_std, "macros": c_macros,
              "sorting": py_sorting, "dicts": py_dicts, "nondet": py_nondet, "sequences": py_sequences, "pyops": py_ops,
              "pydata": py_data, "pymodule": py_module, "pycalls": py_calls}
    if kind == "loops":
        return (c_loops if language == "c" else py_loops)(rng)
    return makers[kind](rng)


# ----------------------------------------------------------------------------- C lists

def c_list(rng: random.Random) -> Construct:
    """Build a list of n <= N nodes (prepend or append), then traverse, search, drop the head,
    and free it, each step correct or carrying one seeded bug guarded by a condition that some
    inputs meet (or none)."""
    top = rng.choice([2, 3])
    nondet_data = rng.random() < 0.5
    body = ["  int n = __VERIFIER_nondet_int();", f"  __VERIFIER_assume(n >= 0 && n <= {top});",
            "  struct node *head = 0;", "  struct node *tail = 0;", "  int i = 0;"]
    append = rng.random() < 0.5
    body += ["  while (i < n) {" if rng.random() < 0.5 else "  for (i = 0; i < n; i++) {",
             "    struct node *p = malloc(sizeof(struct node));",
             "    if (p == 0) {", "      return 0;", "    }"]
    if nondet_data:
        body += ["    int v = __VERIFIER_nondet_int();", "    __VERIFIER_assume(v >= -1 && v <= 1);",
                 "    p->data = v;"]
    else:
        body.append(f"    p->data = {rng.choice(['i', 'i * 2', 'i + 1', '3 - i'])};")
    if append:
        body += ["    p->next = 0;", "    if (tail == 0) {", "      head = p;", "    } else {", "      tail->next = p;",
                 "    }", "    tail = p;"]
    else:
        body += ["    p->next = head;", "    head = p;"]
    if body[5].startswith("  while"):
        body.append("    i++;")
    body.append("  }")
    body += ["  int sum = 0;", "  int len = 0;", "  struct node *c = head;", "  while (c != 0) {",
             "    sum = sum + c->data;", "    len = len + 1;", "    c = c->next;", "  }"]
    body.append(f"  __VERIFIER_assert({rng.choice(_list_facts(nondet_data, top))});")
    for step in rng.sample(["peek", "search", "drop"], rng.randint(0, 2)):
        body += _list_step(rng, step, top)
    body += _list_free(rng, top)
    body.append("  return 0;")
    text = "\n".join(C_LIST_HEADER + ["int main(void) {"] + body + ["}"]) + "\n"
    cases = [(n,) + tuple(data) for n in range(top + 1)
             for data in (itertools.product([-1, 0, 1], repeat=n) if nondet_data else [()])]
    return Construct("lists", "c", text, "main", "assert,null,free,use-after-free,bounds,overflow", cases)


def _list_facts(nondet_data: bool, top: int) -> list[str]:
    facts = ["len == n", "len <= n", f"len < {top}", "len != 1", "sum >= 0", "sum <= 3", "sum != 1"]
    return facts + (["sum >= -len", "sum <= len", "sum != 0 || len == 0"] if nondet_data
                    else ["sum >= len", f"sum <= {2 * top * top}"])


def _list_step(rng: random.Random, step: str, top: int) -> list[str]:
    guard = rng.choice(["head != 0", "n > 0", "n > 1", "n >= 0", f"n > {top}", "head != 0 && head->next != 0"])
    if step == "peek":
        target = rng.choice(["head->data", "head->next->data", "head->next->next->data"])
        return [f"  if ({guard}) {{", f"    sum = sum + {target};", "  }"]
    if step == "search":
        key = rng.choice([0, 1, 2])
        cond = "c != 0 && c->data != " + str(key) if rng.random() < 0.7 else f"c->data != {key}"
        return ["  c = head;", f"  while ({cond}) {{", "    c = c->next;", "  }",
                "  if (c != 0) {", f"    __VERIFIER_assert(c->data {rng.choice(['==', '!=', '>='])} {key});", "  }"]
    # drop the head: a correct unlink, or a read of the freed node
    lines = [f"  if ({guard}) {{", "    struct node *t = head;", "    head = head->next;", "    free(t);"]
    if rng.random() < 0.4:
        lines.append("    sum = sum + t->data;")
    lines += ["    if (head == 0) {", "      tail = 0;", "    }", "  }"]
    return lines


def _list_free(rng: random.Random, top: int) -> list[str]:
    way = rng.choice(["right", "right", "after", "double", "keep", "none"])
    if way == "after":  # c->next read after free(c)
        return ["  c = head;", "  while (c != 0) {", "    free(c);", "    c = c->next;", "  }"]
    lines = ["  struct node *first = head;"] if way in ("double", "keep") else []
    lines += ["  while (head != 0) {", "    struct node *t = head->next;", "    free(head);", "    head = t;", "  }"]
    guard = rng.choice(["first != 0", f"n == {top}", f"n > {top}", "n > 1"])
    if way == "double":
        lines += [f"  if ({guard}) {{", "    free(first);", "  }"]
    if way == "keep":
        lines += [f"  if ({guard}) {{", "    sum = sum + first->data;", "  }"]
    return lines


def c_stack_list(rng: random.Random) -> Construct:
    """Stack nodes n0..n{k-1} with drawn data, linked in a chain whose links are drawn to be
    cut, then a search through a helper, reads through `->next` (tested first or not) and an
    assertion: small enough for verify to prove, so its yes answers meet the truth too."""
    k = rng.choice([2, 3])
    draws: list[list[int]] = []
    body = []
    for i in range(k):
        if rng.random() < 0.6:
            body += [f"  int v{i} = __VERIFIER_nondet_int();", f"  __VERIFIER_assume(v{i} >= -1 && v{i} <= 1);"]
            draws.append([-1, 0, 1])
            value = f"v{i}"
        else:
            value = str(rng.randint(-1, 3))
        body.append(f"  struct node n{i} = {{{value}, 0}};")
    for i in range(k - 1):
        if rng.random() < 0.5:
            body += ["  if (__VERIFIER_nondet_int()) {", f"    n{i}.next = &n{i + 1};", "  }"]
            draws.append([0, 1])
        else:
            body.append(f"  n{i}.next = &n{i + 1};")
    if rng.random() < 0.5:  # a write through a link, read back through the node's own name or a search
        body += ["  if (n0.next != 0) {", f"    n0.next->data = {rng.choice([2, 'n0.data + 1', '-n0.data'])};", "  }",
                 f"  __VERIFIER_assert(n1.data {rng.choice(['<=', '!=', '>='])} {rng.choice([1, 2])});"]
    body += ["  int key = __VERIFIER_nondet_int();", "  __VERIFIER_assume(key >= -1 && key <= 2);"]
    draws.append([-1, 0, 1, 2])
    body += ["  struct node *found = find(&n0, key);", "  int s = 0;"]
    read = rng.choice(["found->data", "found->next->data", "n0.next->data", "n0.next->next->data"])
    guard = {"found->data": "found != 0", "found->next->data": "found != 0 && found->next != 0",
             "n0.next->data": "n0.next != 0", "n0.next->next->data": "n0.next != 0 && n0.next->next != 0"}[read]
    if rng.random() < 0.6:
        body += [f"  if ({guard}) {{", f"    s = {read};", "  }"]
    else:
        body.append(f"  s = {read};")
    fact = rng.choice(["s >= -1", "s <= 1", "s != 0", "found == 0 || found->data == key", "s == key || s == 0",
                       "found != 0", "s != 2"])
    body += [f"  __VERIFIER_assert({fact});", "  return 0;"]
    search = "h != 0 && h->data != key" if rng.random() < 0.8 else "h->data != key"
    helper = ["struct node *find(struct node *h, int key) {", f"  while ({search}) {{", "    h = h->next;", "  }",
              "  return h;", "}"]
    text = "\n".join(C_LIST_HEADER + helper + ["int main(void) {"] + body + ["}"]) + "\n"
    return Construct("stacklists", "c", text, "main", "assert,null,bounds,overflow",
                     list(itertools.product(*draws)))


# ----------------------------------------------------------------------------- Python

PY_KEYS = ["abs", "lambda v: -v", "lambda v: v % 3", "lambda v: v // 2", "lambda v: v * v", "lambda v: v > 0",
           "lambda v: (v - 1) * (v - 1)", None]


def py_sorting(rng: random.Random) -> Construct:
    """`sorted(xs, key=, reverse=)` or `xs.sort(...)` on a list of small arguments, then an
    assertion on the order or an index that may be out of range."""
    names = ["a", "b", "c"][: rng.choice([2, 3])]
    lo, hi = rng.choice([(-2, 2), (-1, 2), (0, 3)])
    key, reverse = rng.choice(PY_KEYS), rng.random() < 0.4
    options = (f"key={key}" if key else "") + (", " if key and reverse else "") + ("reverse=True" if reverse else "")
    items = names + ([names[0]] if rng.random() < 0.3 else [])
    lines = [f"def f({', '.join(f'{n}: int' for n in names)}) -> int:"]
    lines += [f"    assume({lo} <= {n} <= {hi})" for n in names]
    lines.append(f"    xs = [{', '.join(items)}]")
    if rng.random() < 0.5:
        lines.append(f"    ys = sorted(xs{', ' + options if options else ''})")
    else:
        lines += [f"    ys = [{', '.join(items)}]", f"    ys.sort({options})"]
    k = len(items)
    i, j = rng.sample(range(k), 2)
    facts = [f"ys[{min(i, j)}] <= ys[{max(i, j)}]", f"ys[{min(i, j)}] >= ys[{max(i, j)}]", f"ys[0] != ys[{k - 1}]",
             f"len(ys) == {k}", f"sum(ys) == {' + '.join(items)}", f"ys[{i}] != {rng.randint(lo, hi)}",
             "ys[0] == min(xs)", f"ys[{k - 1}] == max(xs)", f"ys[0] == {names[0]} or ys[{k - 1}] == {names[0]}",
             f"ys[0] != {names[1]} or ys[1] == {names[0]}"]  # equal keys keep their order (reverse too)
    if key and not key.startswith("lambda v: v >"):
        def keyed(index: int) -> str:  # the key applied to ys[index], the lambda's body inlined
            return f"abs(ys[{index}])" if key == "abs" else "(" + key[len("lambda v: "):].replace(
                "v", f"ys[{index}]") + ")"
        facts.append(f"{keyed(min(i, j))} {'>=' if reverse else '<='} {keyed(max(i, j))}")
    lines.append(f"    assert {rng.choice(facts)}")
    if rng.random() < 0.3:
        lines.append(f"    return ys[{names[0]}]")
    lines.append("    return 0")
    text = "from verifier import assume\n\n\n" + "\n".join(lines) + "\n"
    cases = list(itertools.product(range(lo, hi + 1), repeat=len(names)))
    return Construct("sorting", "py", text, "f", "assert,bounds,key,value,div", cases)


def py_dicts(rng: random.Random) -> Construct:
    """A dict comprehension over `range(n)` (maybe filtered), then a lookup that may miss and
    an assertion on the value or the size."""
    top = rng.choice([3, 4])
    key = rng.choice(["i", "i % 2", "i // 2", "2 * i", "n - i", "i * i"])
    value = rng.choice(["i", "i * i", "i + k", "-i", "k - i", "1"])
    cond = rng.choice(["", " if i % 2 == 0", " if i != k", " if i > 0"])
    source = rng.choice(["range(n)", "range(n)", "[n, k, 2]", "[k, n - 1, k]"])
    lines = ["def f(n: int, k: int) -> int:", f"    assume(0 <= n <= {top})", f"    assume(-1 <= k <= {top})",
             f"    d = {{{key}: {value} for i in {source}{cond}}}"]
    guarded = rng.random() < 0.5
    if guarded:
        lines.append("    if k in d:")
    pad = "        " if guarded else "    "
    lines.append(f"{pad}x = d[k]" if rng.random() < 0.7 else f"{pad}x = d.get(k, {rng.choice([-1, 0, 2])})")
    fact = rng.choice(["x >= 0", "x != 2", "x <= k", f"x < {top}", "x == k", "len(d) <= n", "len(d) == n",
                       "len(d) > 0", "x * x != 4", "x != -1"])
    lines.append(f"{pad}assert {fact}")
    if rng.random() < 0.3:
        lines.append(f"    assert {rng.choice(['len(d) <= n', 'len(d) == n', 'len(d) != 2'])}")
    lines.append("    return 0")
    text = "from verifier import assume\n\n\n" + "\n".join(lines) + "\n"
    cases = list(itertools.product(range(0, top + 1), range(-1, top + 1)))
    return Construct("dicts", "py", text, "f", "assert,bounds,key,value,div", cases)


def py_nondet(rng: random.Random) -> Construct:
    """A parameterless main drawing two values (randint, randrange, getrandbits, choice of a list
    display, int(input()) or a `__VERIFIER_nondet_int` helper; the unbounded ones used only inside a
    small range), then arithmetic, maybe a randint or randrange whose range depends on the first
    value, and an assertion. A case feeds `choice` the index it picks."""
    lo, hi = rng.choice([(0, 3), (-2, 2), (1, 4)])
    draws, cases_per_draw, lines = [], [], []
    for name in ("x", "y"):
        how = rng.choice(["randint", "from", "input", "helper", "randrange", "getrandbits", "choice"])
        if how == "randrange":
            a, b = rng.choice([(lo, hi), (0, 2), (-1, 1)])
            if name == "y" and rng.random() < 0.4:  # empty when x >= b: ValueError
                draws.append(f"    {name} = random.randrange(x, {b})")
                cases_per_draw.append(list(range(-3, b)))
                continue
            draws.append(f"    {name} = random.randrange({b + 1})" if a == 0 else
                         f"    {name} = random.randrange({a}, {b + 1})")
            cases_per_draw.append(list(range(a, b + 1)))
        elif how == "getrandbits":
            k = rng.choice([1, 2, 3])
            draws.append(f"    {name} = random.getrandbits({k})")
            cases_per_draw.append(list(range(2 ** k)))
        elif how == "choice":
            items = rng.choice([["True", "False"], [str(rng.randint(lo, hi)) for _ in range(rng.randint(1, 3))],
                                ["-1", "0", "2", "0"]])
            display = f"({items[0]},)" if len(items) == 1 and rng.random() < 0.5 else \
                f"({', '.join(items)})" if rng.random() < 0.3 else f"[{', '.join(items)}]"
            draws.append(f"    {name} = random.choice({display})")
            cases_per_draw.append(list(range(len(items))))
        elif how in ("randint", "from"):
            a, b = rng.choice([(lo, hi), (0, 2), (-1, 1)])
            if name == "y" and rng.random() < 0.4:  # a range over the first draw: empty when x > b
                draws.append(f"    {name} = random.randint(x, {b})")
                cases_per_draw.append(list(range(-3, b + 1)))
                continue
            draws.append(f"    {name} = {'random.' if how == 'randint' else ''}randint({a}, {b})")
            cases_per_draw.append(list(range(a, b + 1)))
        else:
            draw = "int(input())" if how == "input" else "__VERIFIER_nondet_int()"
            draws += [f"    {name} = {draw}", f"    if {name} < {lo} or {name} > {hi}:", "        return 0"]
            cases_per_draw.append(list(range(lo - 1, hi + 2)))
    expr = rng.choice(["x + y", "x * y", "x - y", "2 * x + y", "x * x - y", "(x + y) // 2"])
    fact = rng.choice(["z != 3", "z >= 0", "z <= 6", "z != 0", "z != x * y", f"z < {hi * 2}", "z % 2 == 0 or z > 1"])
    lines = ["import random", "from random import randint", "", "",
             "def __VERIFIER_nondet_int() -> int:", "    return random.randint(-2**31, 2**31 - 1)", "", "",
             "def main() -> int:", *draws, f"    z = {expr}"]
    if rng.random() < 0.3:
        lines.append(f"    w = {rng.randint(1, 3)} // (z - {rng.randint(-1, 3)})")
    lines += [f"    assert {fact}", "    return 0"]
    # a run stopped before y is drawn repeats for every y: harmless
    cases = list(itertools.product(*cases_per_draw))
    return Construct("nondet", "py", "\n".join(lines) + "\n", "main", "assert,bounds,key,value,div", cases)
