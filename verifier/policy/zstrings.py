"""String-valued request fields for the encoding: cell indices or z3 strings.

A field whose subject has string cells (universe.StringSubject.family) is a
small integer, and a pattern test is membership of the index in the pattern's
cells. Otherwise it is a z3 string, and tests are equalities, prefix/suffix
tests, regular-expression memberships, or (for policy variables) an exact
chain of prefix, IndexOf and suffix constraints. Literals go to z3 escaped and
model values come back character by character, so no string is misread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import z3

from verifier.policy.automata import ANY, Elem, Family
from verifier.policy.ir import Pattern
from verifier.policy.universe import StringSubject, Universe, Unsupported, atom_key

if TYPE_CHECKING:
    from verifier.policy.encode import Encoder

_RE = z3.ReSort(z3.StringSort())


class StrField:
    """A string-valued request field: a cell index or a z3 string."""

    def __init__(self, subject: StringSubject, name: str) -> None:
        self.subject = subject
        fam = subject.family
        self.var: Any = z3.String(name) if fam is None else z3.Int(name)
        #: atom index -> its formula (cells only): a pattern repeated across statements is built once
        self._atoms: dict[int, z3.BoolRef] = {}

    def holds(self, mode: str, pattern: Pattern | str, enc: "Encoder") -> z3.BoolRef:
        """The value matches `pattern` under `mode`."""
        fam = self.subject.family
        if fam is not None:
            idx = self.subject.atoms[atom_key(mode, pattern)]
            known = self._atoms.get(idx)
            if known is None:
                cells = fam.cells_where(idx)
                if len(cells) == len(fam.cells):
                    known = z3.BoolVal(True)
                else:
                    known = z3.Or([self.var == c for c in cells]) if cells else z3.BoolVal(False)
                self._atoms[idx] = known
            return known
        if isinstance(pattern, Pattern) and pattern.variables:
            return enc.symbolic_match(self.var, mode, pattern)
        return _string_test(self.var, Universe.atom_pred(mode, pattern))

    def domain(self) -> z3.BoolRef:
        fam = self.subject.family
        if fam is not None:
            return z3.And(self.var >= 0, self.var < len(fam.cells))
        if self.subject.loose_domain is not None:
            return _string_test(self.var, self.subject.loose_domain)
        return z3.BoolVal(True)

    def shaped(self) -> z3.BoolRef:
        """The exact domain, for z3 strings held loosely by `domain()`."""
        if self.subject.family is None and self.subject.domain is not None:
            return z3.InRe(self.var, regex(self.subject.domain))
        return z3.BoolVal(True)

    def value(self, model: z3.ModelRef) -> str:
        v = model.eval(self.var, model_completion=True)
        fam = self.subject.family
        if fam is not None:
            return fam.cells[v.as_long()].witness
        return _py_string(model, self.var)

    def pin(self, text: str) -> z3.BoolRef:
        fam = self.subject.family
        if fam is None:
            domain = self.subject.domain
            if domain is not None and Family([], domain).cell_of(text) is None:
                raise Unsupported(f'"{text}" is outside the encoded domain of the {self.subject.name}')
            return self.var == sval(text)
        cell = fam.cell_of(text)
        if cell is None:
            raise Unsupported(f'"{text}" is outside the encoded domain of the {self.subject.name}')
        return self.var == cell


def sval(text: str) -> Any:
    """A z3 string literal of exactly `text` (z3 reads \\u{..} escapes in literals)."""
    return z3.StringVal(text.replace("\\", "\\u{5c}"))


def _py_string(model: z3.ModelRef, term: Any) -> str:
    """The model's value of a z3 string, character by character (z3 prints some escaped)."""
    n = model.eval(z3.Length(term), model_completion=True).as_long()
    return "".join(
        chr(model.eval(z3.StrToCode(z3.SubString(term, i, 1)), model_completion=True).as_long()) for i in range(n)
    )


def or_(terms: list[z3.BoolRef]) -> z3.BoolRef:
    """Disjunction; false when empty."""
    return z3.Or(terms) if terms else z3.BoolVal(False)


def and_(terms: list[z3.BoolRef]) -> z3.BoolRef:
    """Conjunction; true when empty (z3 prints an empty `And` as a bare "and", which cvc5 rejects)."""
    return z3.And(terms) if terms else z3.BoolVal(True)


def concat(seg: list[Any]) -> Any:
    if not seg:
        return sval("")
    return seg[0] if len(seg) == 1 else z3.Concat(seg)


def chain(x: Any, terms: list[Any]) -> z3.BoolRef:
    """x = t0 * t1 * ... * tn with `*` any run: anchored ends, leftmost middles (exact for `*`)."""
    if len(terms) == 1:
        return x == terms[0]
    first, middle, last = terms[0], terms[1:-1], terms[-1]
    if not middle:
        if _is_empty(last):
            return z3.PrefixOf(first, x)
        if _is_empty(first):
            return z3.SuffixOf(last, x)
        return z3.And(z3.PrefixOf(first, x), z3.SuffixOf(last, x), z3.Length(x) >= z3.Length(first) + z3.Length(last))
    out = [z3.PrefixOf(first, x)]
    pos = z3.Length(first)
    for t in middle:
        idx = z3.IndexOf(x, t, pos)
        out.append(idx >= 0)
        pos = idx + z3.Length(t)
    out += [z3.SuffixOf(last, x), z3.Length(x) - z3.Length(last) >= pos]
    return z3.And(out)


def _is_empty(term: Any) -> bool:
    return z3.is_string_value(term) and term.as_string() == ""


def regex(pred: tuple) -> Any:
    globs = [_glob_regex(g) for g in pred]
    if not globs:
        return z3.Empty(_RE)
    return globs[0] if len(globs) == 1 else z3.Union(globs)


def _glob_regex(glob: tuple[Elem, ...]) -> Any:
    nocolon = z3.Union(z3.Range("\x00", "9"), z3.Range(";", "\U0002ffff"))
    name = z3.Union(z3.Range("\x00", "."), z3.Range("0", "9"), z3.Range(";", "\U0002ffff"))
    parts: list[Any] = []
    run = ""
    for e in glob:
        if not e.wild and len(e.chars) == 1:
            run += next(iter(e.chars))
            continue
        if run:
            parts.append(z3.Re(sval(run)))
            run = ""
        if e.wild:
            one = z3.AllChar(_RE) if e.wild == "all" else nocolon if e.wild == "nocolon" else name
            parts.append(z3.Star(one) if e.star else one)
        else:
            parts.append(z3.Union([z3.Re(sval(c)) for c in sorted(e.chars)]))
    if run or not parts:
        parts.append(z3.Re(sval(run)))
    return parts[0] if len(parts) == 1 else z3.Concat(parts)


def _string_test(x: Any, pred: tuple) -> z3.BoolRef:
    """Membership of z3 string `x` in a glob union, as equality or prefix/suffix tests when the glob allows."""
    tests = []
    for g in pred:
        text, star_at = _literal_shape(g)
        if star_at is None:
            tests.append(z3.InRe(x, _glob_regex(g)))
        elif star_at == "none":
            tests.append(x == sval(text))
        elif star_at == "end":
            tests.append(z3.PrefixOf(sval(text), x))
        else:
            tests.append(z3.SuffixOf(sval(text), x))
    return or_(tests)


def _literal_shape(g: tuple[Elem, ...]) -> tuple[str, str | None]:
    """(literal text, "none" | "end" | "start") when `g` is a literal with at most one
    leading or trailing unrestricted `*`; (_, None) otherwise."""
    body = list(g)
    where = "none"
    if body and body[-1] == ANY:
        body, where = body[:-1], "end"
    elif body and body[0] == ANY:
        body, where = body[1:], "start"
    if all(not e.wild and len(e.chars) == 1 for e in body):
        return "".join(next(iter(e.chars)) for e in body), where
    return "", None
