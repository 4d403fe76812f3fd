"""The C arguments a replay harness passes: scalars, arrays and structs built from a witness.

A harness reads its inputs as one stream of integers (see `c_harness`): first
one *slot* per parameter of `harness_parameters` (the IR's parameters without
the array lengths `ir.length_name(a)`), then each array's contents, then the
nondeterministic values. `stream_values` lays a witness out that way;
`argument_code` writes the C statements of ``main`` that rebuild the
arguments from it:

- a scalar is its slot, converted to its C type;
- an array (a parameter, or a struct's array field) is a heap buffer of
  exactly its length (its slot), so that AddressSanitizer reports any access
  outside it; its contents follow in the stream as the default element, the
  number of other elements, then (index, value) pairs (`__verify_array`);
- a struct parameter (the IR's ``s.f`` ... or ``p->f`` ... parameters, in
  order) is one local object of the parameter's C type (spelt as in the
  source) whose fields are set from their slots, passed by value or by its
  address;
- a list parameter (the IR's ``p[->next].f`` ... arrays, see
  `verifier.frontends.c_list_params`) is a NULL-terminated list of as many
  nodes as the first array's length, each node its own heap object (so that
  AddressSanitizer sees an access outside it), node k's fields element k of
  the arrays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from verifier import ir
from verifier.arrays import MAX_SHOWN, ArrayValue
from verifier.crosscheck.c_source import c_type

__all__ = ["ARRAY_RUNTIME_C", "harness_parameters", "argument_code", "stream_values", "flat"]

#: `__verify_array`, in the harness's runtime unit. An array of more than 2**24
#: elements whose default element is not 0 is filled lazily, a page when it is
#: first touched (a witness's huge array is mostly its default: filling it all
#: would take seconds and gigabytes); accesses past its end then crash instead
#: of being reported by AddressSanitizer.
ARRAY_RUNTIME_C = r"""
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

static char *verify_lazy_base;
static unsigned long long verify_lazy_bytes, verify_lazy_default;
static int verify_lazy_size;
static long long verify_lazy_count, *verify_lazy_index;
static unsigned long long *verify_lazy_value;
static struct sigaction verify_old_segv;

static void verify_lazy_fault(int sig, siginfo_t *info, void *context) {
    char *at = (char *)info->si_addr;
    if (!verify_lazy_base || at < verify_lazy_base || at >= verify_lazy_base + verify_lazy_bytes) {
        sigaction(SIGSEGV, &verify_old_segv, 0);  /* not ours: the access faults again, as it would have */
        return;
    }
    long page = sysconf(_SC_PAGESIZE);
    char *start = verify_lazy_base + (at - verify_lazy_base) / page * page;
    char *end = start + page < verify_lazy_base + verify_lazy_bytes ? start + page
                                                                  : verify_lazy_base + verify_lazy_bytes;
    mprotect(start, (size_t)page, PROT_READ | PROT_WRITE);
    for (char *p = start; p < end; p += verify_lazy_size) memcpy(p, &verify_lazy_default, verify_lazy_size);
    for (long long j = 0; j < verify_lazy_count; j++) {
        char *p = verify_lazy_base + verify_lazy_index[j] * verify_lazy_size;
        if (p >= start && p < end) memcpy(p, &verify_lazy_value[j], verify_lazy_size);
    }
}

/* n objects of `size` bytes each (an array of structs), zeroed, exactly that big */
void *__verify_objects(long long n, unsigned long size) {
    void *p = calloc(n < 0 ? 0 : (size_t)n, size);
    if (!p) {
        fprintf(stderr, "\nVERIFY-NOMEM %lld\n", n);
        fflush(stderr);
        _exit(74);
    }
    return p;
}

/* an array of n elements of `size` bytes, exactly that big (so that
   AddressSanitizer sees any access outside it); its contents come next in the
   stream: the default element, the number of other elements, (index, value) pairs */
void *__verify_array(long long n, int size) {
    unsigned long long d = __verify_next();
    long long count = (long long)__verify_next();
    if (n < 0) n = 0;
    int lazy = d != 0 && n > (1LL << 24) && !verify_lazy_base;
    char *p = lazy ? mmap(0, (size_t)n * size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
                   : calloc((size_t)n, (size_t)size);
    if (!p || p == MAP_FAILED) {
        fprintf(stderr, "\nVERIFY-NOMEM %lld\n", n);
        fflush(stderr);
        _exit(74);
    }
    if (lazy) {
        verify_lazy_base = p;
        verify_lazy_bytes = (unsigned long long)n * size;
        verify_lazy_default = d;
        verify_lazy_size = size;
        verify_lazy_index = calloc(count + 1, sizeof *verify_lazy_index);
        verify_lazy_value = calloc(count + 1, sizeof *verify_lazy_value);
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = verify_lazy_fault;
        action.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigaction(SIGSEGV, &action, &verify_old_segv);
    } else if (d != 0) {
        for (long long i = 0; i < n; i++) memcpy(p + i * size, &d, (size_t)size);
    }
    for (long long j = 0; j < count; j++) {
        long long i = (long long)__verify_next();
        unsigned long long v = __verify_next();
        if (i < 0 || i >= n) continue;
        if (lazy) {
            verify_lazy_index[verify_lazy_count] = i;
            verify_lazy_value[verify_lazy_count++] = v;
        } else {
            memcpy(p + i * size, &v, (size_t)size);
        }
    }
    return p;
}
"""

_FIELD = re.compile(r"\.|->")
#: a list parameter's field array: (parameter, link field, field)
_LIST_FIELD = re.compile(r"^(\w+)\[->(\w+)\]\.(\w+)$")
_QUALIFIERS = frozenset({"const", "volatile", "restrict", "register", "__restrict", "__restrict__"})


def harness_parameters(params: list[ir.Param]) -> list[ir.Param]:
    """The parameters with a slot in the stream: the IR's without array lengths."""
    arrays = {p.name for p in params if isinstance(p.type, ir.ArrayType)}
    return [p for p in params if not any(p.name == ir.length_name(a) for a in arrays)]


def argument_code(params: list[ir.Param], source: str = "") -> tuple[str, list[str]]:
    """(statements of ``main`` building the arguments, the C argument expressions).
    `source` (the user's text) spells a struct parameter's type; raises
    ValueError for what cannot be rebuilt."""
    setup: list[str] = []
    args: list[str] = []
    for c_name, members in _groups(harness_parameters(params)):
        first_slot, first = members[0]
        if not _FIELD.search(first.name):
            args.append(_value(first, first_slot, f"__verify_array_{first_slot}", setup))
            continue
        if _LIST_FIELD.match(first.name):
            args.append(_linked_list(members, source, setup))
            continue
        if c_name.endswith("[]"):
            args.append(_struct_array(c_name[:-2], members, source, setup))
            continue
        pointer = first.name[len(c_name):].startswith("->")
        var = f"__verify_struct_{first_slot}"
        setup.append(f"    {_declared_type(source, first.loc, c_name)} {var} = {{0}};\n")
        for slot, p in members:
            field = var + "." + _FIELD.split(p.name, 1)[1]
            if isinstance(p.type, ir.ArrayType):
                buffer = f"__verify_array_{slot}"
                _value(p, slot, buffer, setup)
                setup.append(f"    __builtin_memcpy({field}, {buffer}, sizeof {field});\n")
            else:
                setup.append(f"    {field} = ({c_type(p.type)})__verify_param({slot});\n")
        args.append(f"&{var}" if pointer else var)
    return "".join(setup), args


def stream_values(params: list[ir.Param], values: dict[str, Any]) -> list[int]:
    """The witness `values` (by parameter name; an array as the list of its
    elements, or as an `ArrayValue` with its length in `ir.length_name`) as
    the stream's slots followed by the arrays' contents."""
    slots: list[int] = []
    contents: list[int] = []
    ordered = harness_parameters(params)
    for k, p in enumerate(ordered):
        value = values.get(p.name, 0)
        if isinstance(p.type, ir.ArrayType):
            length, default, elements = _array_argument(p, value, values)
            if (isinstance(value, (list, tuple)) and len(value) == MAX_SHOWN and p.type.size is None
                    and ir.length_name(p.name) not in values):
                length, default, elements = _shown_prefix(value, _conventional_length(ordered[k + 1:], values),
                                                          length, default, elements)
            slots.append(length)
            contents += [default, len(elements)] + [x for pair in sorted(elements.items()) for x in pair]
        else:
            slots.append(int(value))
    return slots + contents


def flat(values: list[Any]) -> Iterator[int]:
    """Nondet values, an array's elements one by one (as the harness reads them)."""
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from (int(v) for v in value)
        else:
            yield int(value)


def _groups(params: list[ir.Param]) -> list[tuple[str, list[tuple[int, ir.Param]]]]:
    """Consecutive parameters of one C parameter (a struct's fields), with their slots."""
    groups: list[tuple[str, list[tuple[int, ir.Param]]]] = []
    for slot, p in enumerate(params):
        base = _FIELD.split(p.name, 1)[0]
        if groups and groups[-1][0] == base and _FIELD.search(p.name):
            groups[-1][1].append((slot, p))
        else:
            groups.append((base, [(slot, p)]))
    return groups


def _value(p: ir.Param, slot: int, buffer: str, setup: list[str]) -> str:
    """The C expression of scalar or array parameter `p` (an array's buffer allocated in `setup`)."""
    if not isinstance(p.type, ir.ArrayType):
        return f"({c_type(p.type)})__verify_param({slot})"
    elem = p.type.elem
    if isinstance(elem, ir.IntType) and elem.bits is None:
        raise ValueError("arrays are replayed under bv semantics only (an element's C size is not known "
                         "under math)")
    size = elem.bits // 8 if isinstance(elem, ir.IntType) else 1
    setup.append(f"    void *{buffer} = __verify_array((long long)__verify_param({slot}), {size});\n")
    return buffer


def _struct_array(name: str, members: list[tuple[int, ir.Param]], source: str, setup: list[str]) -> str:
    """An array of structs (the IR's ``p[].f`` ... parameters, each an array
    over the elements): a heap array of exactly as many structs as the first
    field's length says, each field copied in from that field's array."""
    first_slot, first = members[0]
    ctype = _declared_type(source, first.loc, name)
    var, count = f"__verify_structs_{first_slot}", f"__verify_count_{first_slot}"
    path = first.name.split("[].", 1)[1]
    setup.append(f"    long long {count} = (long long)__verify_param({first_slot}) / (long long)"
                 f"(sizeof((({ctype} *)0)->{path}) / {_element_bytes(first)});\n")
    setup.append(f"    {ctype} *{var} = __verify_objects({count}, sizeof({ctype}));\n")
    for slot, p in members:
        buffer = f"__verify_array_{slot}"
        field = f"{var}[__vi].{p.name.split('[].', 1)[1]}"
        if slot == first_slot:
            _value(p, slot, buffer, setup)
        else:  # as many elements as the structs need (the frontend assumes each field's length agrees)
            path = p.name.split("[].", 1)[1]
            setup.append(f"    void *{buffer} = __verify_array({count} * (long long)(sizeof((({ctype} *)0)->{path}) / "
                         f"{_element_bytes(p)}), {_element_bytes(p)});\n")
        setup.append(f"    for (long long __vi = 0; __vi < {count}; __vi++)\n"
                     f"        __builtin_memcpy(&{field}, (char *){buffer} + __vi * sizeof {field}, sizeof {field});\n")
    return var


def _linked_list(members: list[tuple[int, ir.Param]], source: str, setup: list[str]) -> str:
    """A list parameter (the IR's ``p[->next].f`` ... arrays): its nodes built
    from the last, each a heap object of its own, node k's fields from element k,
    the first kept in a static (LeakSanitizer sees the list, and what the function
    links into it, as the caller's)."""
    first_slot, first = members[0]
    name, link, _ = _LIST_FIELD.match(first.name).groups()  # type: ignore[union-attr]
    ctype = _declared_type(source, first.loc, name)
    var, count = f"__verify_list_{first_slot}", f"__verify_count_{first_slot}"
    setup.append(f"    long long {count} = (long long)__verify_param({first_slot});\n")
    copies = []
    for slot, p in members:
        buffer = f"__verify_array_{slot}"
        _value(p, slot, buffer, setup)
        field = _LIST_FIELD.match(p.name).group(3)  # type: ignore[union-attr]
        copies.append(f"        __builtin_memcpy(&__node->{field}, (char *){buffer} + __vi * sizeof __node->{field}, "
                      f"sizeof __node->{field});\n")
    setup.append(f"    {ctype} *{var} = 0;\n"
                 f"    for (long long __vi = {count} - 1; __vi >= 0; __vi--) {{\n"
                 f"        {ctype} *__node = __verify_objects(1, sizeof({ctype}));\n"
                 + "".join(copies) +
                 f"        __node->{link} = {var};\n"
                 f"        {var} = __node;\n"
                 "    }\n"
                 # the caller keeps its list: what the function links into it is no leak
                 f"    static void *volatile __verify_keep_{first_slot};\n"
                 f"    __verify_keep_{first_slot} = {var};\n")
    return var


def _element_bytes(p: ir.Param) -> int:
    assert isinstance(p.type, ir.ArrayType) and isinstance(p.type.elem, ir.IntType) and p.type.elem.bits
    return p.type.elem.bits // 8


def _declared_type(source: str, loc: ir.Loc, name: str) -> str:
    """The type a parameter is declared with, without `*` and qualifiers
    (``struct account`` of ``const struct account *acc``), read from `source`
    backwards from the parameter's name at `loc`."""
    lines = source.split("\n")
    if not 1 <= loc.line <= len(lines):
        raise ValueError(f"the declaration of parameter '{name}' is not in the source")
    before = "\n".join(lines[:loc.line - 1] + [lines[loc.line - 1][:loc.column - 1]])
    start = max(before.rfind("("), before.rfind(","))
    words = [w for w in re.findall(r"[A-Za-z_]\w*", before[start + 1:]) if w not in _QUALIFIERS]
    if not words:
        raise ValueError(f"the type of parameter '{name}' is not in the source")
    return " ".join(words)


def _conventional_length(after: list[ir.Param], values: dict[str, Any]) -> int | None:
    """The value of the frontend's length parameter of an array: the first
    integer parameter after it (see `verifier.frontends.c`)."""
    for p in after:
        if isinstance(p.type, ir.IntType) and not _FIELD.search(p.name):
            value = values.get(p.name)
            return int(value) if isinstance(value, int) else None
    return None


def _shown_prefix(shown: list[int], length: int | None, *as_listed: Any) -> tuple[int, int, dict[int, int]]:
    """A witness array shown only up to `MAX_SHOWN` elements but `length`
    long: its most common shown element taken for the rest (a guess that
    only a real run confirms)."""
    if length is None or length <= len(shown):
        return as_listed  # type: ignore[return-value]
    default = max(set(shown), key=shown.count)
    return length, default, {i: v for i, v in enumerate(shown) if v != default}


def _array_argument(p: ir.Param, value: Any, values: dict[str, Any]) -> tuple[int, int, dict[int, int]]:
    """(length, default element, the other elements by index) of an array argument."""
    assert isinstance(p.type, ir.ArrayType)
    if isinstance(value, ArrayValue):
        length = p.type.size if p.type.size is not None else values.get(ir.length_name(p.name), 0)
        return int(length), value.default, value.entries
    elements = [int(v) for v in value] if isinstance(value, (list, tuple)) else []
    if p.type.size is not None:
        elements = (elements + [0] * p.type.size)[:p.type.size]
    return len(elements), 0, dict(enumerate(elements))
