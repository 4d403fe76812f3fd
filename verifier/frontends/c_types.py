"""C's integer types and conversions, made explicit as IR `Cast` nodes.

`CInt` is a C integer type (LP64: int 32, long 64, long long 64, short 16,
char 8 signed, _Bool 8 unsigned holding 0/1; under the ILP32 data model
`long` is 32 bits: `LONG32`, `ULONG32`, see `sized`). `Typing(semantics,
data_model)` maps C
types to IR types (``bv``: `IntType(bits, signed)`; ``math``: every integer
type, unsigned ones and _Bool included, is `MATH_INT`, and conversions do not
wrap) and builds the conversions: integer promotions, usual arithmetic
conversions (C11 6.3.1), conversion to _Bool (``!= 0``), and the value of a
truth value (`BOOL`) used as an int. `literal_type` follows C11 6.4.4.1.
`fold` evaluates constant IR expressions with C's (or math's) semantics.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import DATA_MODELS
from ..ir import BOOL, I64, MATH_INT, ArrayType, Binary, Cast, Const, Expr, Ite, IntType, Type, Unary

__all__ = ["CInt", "CArray", "CStruct", "CPointer", "CPointerField", "POINTER_PART", "NO_OBJECT", "DEAD_OBJECT", "has_pointer_fields", "CStructArray", "c_size", "struct_leaves", "lifted", "BOOL_T", "CHAR", "SCHAR", "UCHAR", "SHORT", "USHORT", "INT", "UINT",
           "LONG", "ULONG", "LONG32", "ULONG32", "LLONG", "ULLONG", "sized",
           "type_from_keywords", "literal_type", "enum_type", "Typing", "fold"]


@dataclass(frozen=True)
class CInt:
    """A C integer type; `rank` orders conversions (_Bool 0 < char < short < int
    < long < long long)."""

    name: str
    bits: int
    signed: bool
    rank: int

    @property
    def is_bool(self) -> bool:
        return self.rank == 0

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class CArray:
    """A C array of `elem`, dimensions outermost first (``int m[2][3]``:
    ``(2, 3)``). The first dimension is None when the length is not fixed: an
    array or pointer parameter (`pointer` says it was declared ``T *p``),
    whose length is the IR variable `ir.length_name(p)`. It is one flat IR
    array, row-major."""

    elem: CInt
    dims: tuple[int | None, ...]
    pointer: bool = False

    @property
    def size(self) -> int | None:
        """The number of elements, None when the first dimension is not fixed."""
        if self.dims[0] is None:
            return None
        total = 1
        for d in self.dims:
            total *= d  # type: ignore[operator]
        return total

    @property
    def stride(self) -> int:
        """Elements per index of the first dimension."""
        total = 1
        for d in self.dims[1:]:
            total *= d  # type: ignore[operator]
        return total

    def __str__(self) -> str:
        inner = "".join(f"[{d}]" for d in self.dims[1:])
        return f"{self.elem} *" if self.pointer and not inner else f"{self.elem} [{self.dims[0] or ''}]{inner}"


@dataclass(frozen=True)
class CStruct:
    """A C struct type: its name as C spells it (``struct account``, or a
    typedef's name for an anonymous struct) and its fields in order."""

    name: str
    fields: tuple[tuple[str, "CInt | CArray | CStruct"], ...]

    def field(self, name: str) -> "CInt | CArray | CStruct | None":
        return next((t for n, t in self.fields if n == name), None)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class CPointer:
    """A pointer parameter to one struct object (``struct T *p``): by the
    frontend's convention non-null, its fields in/out variables ``p->f``."""

    target: CStruct

    def __str__(self) -> str:
        return f"{self.target} *"


@dataclass(frozen=True)
class CPointerField:
    """A pointer field of a struct (``struct node *next``, ``int *data``). Its
    pointee is a `CInt` or the name of a struct type (``struct node``: that
    struct may be the one being declared, so it is looked up where the field
    is used). It is two integer leaves (`struct_leaves`), ``next#obj`` and
    ``next#off``: the pair a pointer variable is (`verifier.frontends.c_pointers`)."""

    target: CInt | str

    def __str__(self) -> str:
        return f"{self.target} *"


#: the C type of the two leaves of a pointer field (object number, offset):
#: the IR index type (64-bit, or math integers under math semantics)
POINTER_PART = CInt("pointer part", 64, True, 4)
#: the object number of a pointer that designates no object (uninitialised; see `verifier.frontends.c_pointers`)
NO_OBJECT = -1
#: the object number of a pointer whose object's lifetime ended (`verifier.frontends.c_lifetimes`)
DEAD_OBJECT = -2


def has_pointer_fields(t: "CStruct") -> bool:
    """Struct `t` (or a struct inside it) has a pointer field."""
    return any(ft is POINTER_PART for _, ft in struct_leaves(t))


@dataclass(frozen=True)
class CStructArray:
    """An array of structs (``struct T s[3]``, dims ``(3,)``; a parameter
    ``struct T p[]`` or a subscripted ``struct T *p`` has ``(None,)``). It is
    one IR array per field of `target` (see `verifier.frontends.c_structs`)."""

    target: CStruct
    dims: tuple[int | None, ...]

    def __str__(self) -> str:
        return f"{self.target} [{self.dims[0] or ''}]" + "".join(f"[{d}]" for d in self.dims[1:])


def lifted(field: "CInt | CArray", dims: tuple[int | None, ...]) -> CArray:
    """The type of the IR array holding field `field` of every element of an
    array of structs of shape `dims`: ``int`` -> ``int[dims]``, ``int[3]`` ->
    ``int[dims][3]``."""
    if isinstance(field, CArray):
        return CArray(field.elem, dims + field.dims)
    return CArray(field, dims)


def c_size(t: "CInt | CArray | CStruct | CPointerField", pointer_bytes: int = 8) -> int:
    """``sizeof`` a C type (the usual ABI: each field aligned to its own size)."""
    if isinstance(t, CInt):
        return t.bits // 8
    if isinstance(t, CPointerField):
        return pointer_bytes
    if isinstance(t, CArray):
        return (t.size or 0) * c_size(t.elem, pointer_bytes)
    offset = 0
    for _, f in t.fields:
        align = _align(f, pointer_bytes)
        offset = -(-offset // align) * align + c_size(f, pointer_bytes)
    align = max((_align(f, pointer_bytes) for _, f in t.fields), default=1)
    return -(-offset // align) * align


def _align(t: "CInt | CArray | CStruct | CPointerField", pointer_bytes: int) -> int:
    if isinstance(t, CInt):
        return t.bits // 8
    if isinstance(t, CPointerField):
        return pointer_bytes
    if isinstance(t, CArray):
        return _align(t.elem, pointer_bytes)
    return max((_align(f, pointer_bytes) for _, f in t.fields), default=1)


def struct_leaves(t: CStruct, path: str = "") -> list[tuple[str, "CInt | CArray"]]:
    """The scalar and array fields of `t`, nested structs' included, as
    (dotted path, type) in declaration order: ``[("id", int), ("pos.x", int)]``;
    a pointer field ``next`` is its two parts ``next#obj``, ``next#off`` (`POINTER_PART`)."""
    out: list[tuple[str, CInt | CArray]] = []
    for name, f in t.fields:
        full = f"{path}{name}"
        if isinstance(f, CStruct):
            out += struct_leaves(f, full + ".")
        elif isinstance(f, CPointerField):
            out += [(full + "#obj", POINTER_PART), (full + "#off", POINTER_PART)]
        else:
            out.append((full, f))
    return out


BOOL_T = CInt("_Bool", 8, False, 0)
CHAR = CInt("char", 8, True, 1)
SCHAR = CInt("signed char", 8, True, 1)
UCHAR = CInt("unsigned char", 8, False, 1)
SHORT = CInt("short", 16, True, 2)
USHORT = CInt("unsigned short", 16, False, 2)
INT = CInt("int", 32, True, 3)
UINT = CInt("unsigned int", 32, False, 3)
LONG = CInt("long", 64, True, 4)
ULONG = CInt("unsigned long", 64, False, 4)
LONG32 = CInt("long", 32, True, 4)
ULONG32 = CInt("unsigned long", 32, False, 4)
LLONG = CInt("long long", 64, True, 5)
ULLONG = CInt("unsigned long long", 64, False, 5)

_UNSIGNED_OF = {INT: UINT, LONG: ULONG, LONG32: ULONG32, LLONG: ULLONG}


def sized(t: CInt, data_model: str) -> CInt:
    """`t` under `data_model`: `long` and `unsigned long` are 32 bits under ILP32."""
    if data_model == "ILP32" and t.rank == LONG.rank:
        return LONG32 if t.signed else ULONG32
    return t


def type_from_keywords(words: list[str]) -> CInt | None | str:
    """The type named by type-specifier keywords (any order), None for `void`,
    or an error message string (floats, invalid combinations)."""
    if not words:
        return "a declaration needs a type: implicit 'int' is not C99"
    count = {w: words.count(w) for w in set(words)}
    if "float" in count or "double" in count:
        name = " ".join(words)
        return f"unsupported construct: floating-point type '{name}' (the C subset has integers only)"
    signed = count.pop("signed", 0)
    unsigned = count.pop("unsigned", 0)
    if signed and unsigned or signed > 1 or unsigned > 1:
        return f"invalid type '{' '.join(words)}'"
    base = tuple(sorted(count.items()))
    table: dict[tuple, tuple[CInt | None, CInt | None, CInt | None]] = {
        # base keywords -> (plain, signed, unsigned)
        (): (None, INT, UINT),
        (("void", 1),): (None, None, None),
        (("_Bool", 1),): (BOOL_T, None, None),
        (("char", 1),): (CHAR, SCHAR, UCHAR),
        (("short", 1),): (SHORT, SHORT, USHORT),
        (("int", 1), ("short", 1)): (SHORT, SHORT, USHORT),
        (("int", 1),): (INT, INT, UINT),
        (("long", 1),): (LONG, LONG, ULONG),
        (("int", 1), ("long", 1)): (LONG, LONG, ULONG),
        (("long", 2),): (LLONG, LLONG, ULLONG),
        (("int", 1), ("long", 2)): (LLONG, LLONG, ULLONG),
    }
    if base not in table:
        return f"invalid type '{' '.join(words)}'"
    plain, s, u = table[base]
    if base == (("void", 1),) and not (signed or unsigned):
        return None
    result = u if unsigned else s if signed else plain
    if result is None:
        return f"invalid type '{' '.join(words)}'"
    return result


def literal_type(suffix: str, decimal: bool, value: int, data_model: str = "LP64") -> CInt | None:
    """The type of an integer literal (C11 6.4.4.1); None if none can hold it."""
    s = suffix.lower()
    unsigned = "u" in s
    longs = s.count("l")
    if longs == 0:
        cands = [INT, LONG, LLONG] if decimal else [INT, UINT, LONG, ULONG, LLONG, ULLONG]
    elif longs == 1:
        cands = [LONG, LLONG] if decimal else [LONG, ULONG, LLONG, ULLONG]
    else:
        cands = [LLONG] if decimal else [LLONG, ULLONG]
    if unsigned:
        cands = [_UNSIGNED_OF.get(c, c) for c in cands]
        cands = list(dict.fromkeys(cands))
    for c in cands:
        c = sized(c, data_model)
        if _fits(value, c):
            return c
    return None


def enum_type(values: list[int], data_model: str = "LP64") -> CInt:
    """GCC's choice of an enum's type: unsigned int when no value is negative,
    else int (wider types when the values need them)."""
    if all(v >= 0 for v in values):
        cands = [UINT, sized(ULONG, data_model), ULLONG]
    else:
        cands = [INT, sized(LONG, data_model), LLONG]
    return next((t for t in cands if all(_fits(v, t) for v in values)), cands[-1])


def _fits(value: int, t: CInt) -> bool:
    lo = -(1 << (t.bits - 1)) if t.signed else 0
    hi = (1 << (t.bits - 1)) - 1 if t.signed else (1 << t.bits) - 1
    return lo <= value <= hi


class Typing:
    """C types to IR types, and explicit conversions, under `semantics` and
    `data_model` (``LP64`` or ``ILP32``)."""

    def __init__(self, semantics: str, data_model: str = "LP64") -> None:
        if data_model not in DATA_MODELS:
            raise ValueError(f"data model must be one of {', '.join(DATA_MODELS)}, not {data_model!r}")
        self.math = semantics == "math"
        self.data_model = data_model

    def sized(self, t: CInt) -> CInt:
        """`t` under this data model (see the module function `sized`)."""
        return sized(t, self.data_model)

    def ir(self, t: CInt) -> IntType:
        """The IR type of C type `t`."""
        return MATH_INT if self.math else IntType(t.bits, t.signed)

    @property
    def index(self) -> IntType:
        """The IR type of array indices and lengths (`I64`; `MATH_INT` under math)."""
        return MATH_INT if self.math else I64

    def array(self, t: CArray) -> ArrayType:
        """The IR type of C array `t` (flattened, row-major)."""
        return ArrayType(self.ir(t.elem), t.size, self.index)

    @staticmethod
    def promote(t: CInt) -> CInt:
        """Integer promotion: every type of rank below int becomes int."""
        return INT if t.rank < INT.rank else t

    @staticmethod
    def usual(a: CInt, b: CInt) -> CInt:
        """The common type of the usual arithmetic conversions (both promoted)."""
        a, b = Typing.promote(a), Typing.promote(b)
        if a == b:
            return a
        if a.signed == b.signed:
            return a if a.rank >= b.rank else b
        s, u = (a, b) if a.signed else (b, a)
        if u.rank >= s.rank:
            return u
        if s.bits > u.bits:
            return s
        return _UNSIGNED_OF.get(s, s)

    def convert(self, e: Expr, t: CInt, loc=None) -> Expr:
        """`e` (an int of some IR type, or a BOOL truth value) converted to `t`."""
        target = self.ir(t)
        if t.is_bool:
            if e.type == BOOL:
                return cast(e, target, loc)
            return cast(self.truth(e), target, loc)
        return cast(e, target, loc)

    @staticmethod
    def truth(e: Expr) -> Expr:
        """`e` as a condition: BOOL values as they are, ints as ``e != 0``."""
        if e.type == BOOL:
            return e
        if isinstance(e, Const):
            return Const(int(e.value != 0), BOOL, e.loc)
        return Binary("ne", e, Const(0, e.type, e.loc), BOOL, e.loc)


def cast(e: Expr, target: Type, loc=None) -> Expr:
    """`Cast(e, target)`, omitted when `e` already has that type, folded on constants."""
    if e.type == target:
        return e
    where = loc if loc is not None else getattr(e, "loc")
    if isinstance(e, Const):
        if target == BOOL:
            return Const(int(e.value != 0), BOOL, where)
        return Const(target.wrap(e.value), target, where)
    return Cast(e, target, where)


def fold(e: Expr) -> int | None:
    """The value of a constant expression (Const, Unary, Binary, Cast, Ite of
    constants), None if it is not constant or its value is undefined
    (division by zero, out-of-range shift)."""
    try:
        return _fold(e)
    except (_NotConstant, ZeroDivisionError):
        return None


class _NotConstant(Exception):
    pass


def _fold(e: Expr) -> int:
    if isinstance(e, Const):
        return e.value
    if isinstance(e, Cast):
        v = _fold(e.arg)
        return int(v != 0) if e.type == BOOL else e.type.wrap(v)
    if isinstance(e, Ite):
        return _fold(e.then) if _fold(e.cond) else _fold(e.other)
    if isinstance(e, Unary):
        v = _fold(e.arg)
        r = {"neg": -v, "bnot": ~v, "not": int(not v)}[e.op]
        return r if e.type == BOOL else e.type.wrap(r)
    if isinstance(e, Binary):
        a = _fold(e.left)
        if e.op == "land" and not a:
            return 0
        if e.op == "lor" and a:
            return 1
        b = _fold(e.right)
        if e.op in ("shl", "shr") and (b < 0 or (e.type.bits is not None and b >= e.type.bits)):
            raise _NotConstant
        ops = {
            "add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
            "div": lambda: _cdiv(a, b), "mod": lambda: a - b * _cdiv(a, b),
            "shl": lambda: a << b, "shr": lambda: a >> b,
            "band": lambda: a & b, "bor": lambda: a | b, "bxor": lambda: a ^ b,
            "eq": lambda: int(a == b), "ne": lambda: int(a != b), "lt": lambda: int(a < b),
            "le": lambda: int(a <= b), "gt": lambda: int(a > b), "ge": lambda: int(a >= b),
            "land": lambda: int(bool(b)), "lor": lambda: int(bool(b)),
        }
        r = ops[e.op]()
        return r if e.type == BOOL else e.type.wrap(r)
    raise _NotConstant


def _cdiv(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q
