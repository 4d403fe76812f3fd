"""Template values that could hold a wildcard, settled by monotonicity.

A user-supplied value (a Terraform variable or local, a CloudFormation
parameter without wildcard-free AllowedValues) could be `*`, which IAM reads
as a wildcard in Resource (vet.py refuses it there). no-public-access and
not-granted ask whether some request of a fixed kind (an outsider's, one of
the listed actions) is allowed. Write A(v) for the requests the Allow
statements match with the value v, D(v) for those the Deny statements match;
the policy allows A(v) minus D(v). Two readings of the policy:

* widest: in each Allow statement, a value in Resource becomes `*`, and a
  Principal value that is nothing but template values becomes `*` (IAM
  reads no partial wildcard in a principal -- IAM User Guide, "AWS JSON
  policy elements: Principal": "You cannot use a wildcard to match part of a
  principal name or ARN" -- so a value inside other text is read literally,
  as for a wildcard-free symbol: a stand-in, vet.py, in Principal and
  NotPrincipal of either effect); every Deny statement that mentions such a
  value elsewhere is dropped (the narrowest Deny: a fresh literal would
  still deny its own requests, which a wildcard value need not, and under
  NotResource or NotPrincipal it would deny more). A glob with `*` in
  place of v matches every string it matches with v (whatever v holds, `*`
  matches the text v matched), and `*` as a principal matches every
  principal of its kind, so A(v) is within A(widest); dropping statements
  gives D(widest) within D(v) (a kept Deny differs only in a principal
  stand-in, kept as below). So the requests the policy allows with any
  v are allowed by the widest reading. "Public" (public.py) also asks that the
  request come from an outsider with fresh keys, relative to the values the
  policy names; the widest reading names no more values than the policy with
  v (its `*` names none, the dropped Deny statements name nothing), and
  values it does not name are interchangeable, so an outsider's request
  with v stays one. A yes of the widest reading (no such request) holds for
  every v (stand-ins kept as answers.py and accounts.py keep them). In an
  Allow statement's Condition, each (operator, key) entry holding such a
  value is dropped: an entry is one more requirement, so A(v) is within what
  the statement matches without it, and the values it named are named no
  more. Where the value stands anywhere else in an Allow statement
  (NotResource, as a whole NotPrincipal, Action), the widest reading is not
  built and the check stays unknown.
* literal: every such value is an ordinary value without `*` or `?` (the
  symbol made wildcard-free, with the guards of admissible.py); a no then
  names a value the template can take, so the finding is real -- kept only
  if the request gives a symbol standing in a Principal (its example) the
  same value wherever else it stands.

`settle` asks the widest reading for a yes (then the same with every Resource
value holding such a value read as `*` whole, wider still), then the literal reading for a
no, else answers unknown: the answer depends on whether the value holds a
wildcard. no-new-access and equiv compare two policies, so they are not
monotone in one policy's grants; they stay unknown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from verifier.policy.jsonpos import JArray, JObject, JString, JValue
from verifier.policy.templates.found import FoundPolicy, Readings
from verifier.policy.templates.symbols import REFERENCE, Symbol, SymbolTable
from verifier.registry import UnknownReason
from verifier.result import Result, Verdict

#: the checks whose yes is monotone (anti-monotone in what Allow statements grant)
MONOTONE = ("no-public-access", "not-granted")


def wildcard_free_table(table: SymbolTable) -> SymbolTable:
    """`table` with every symbol read as an ordinary value (no `*` or `?`)."""
    return SymbolTable({k: replace(s, wildcard_free=True) for k, s in table.symbols.items()})


def wide_symbols(doc: JValue, table: SymbolTable) -> tuple[Symbol, ...]:
    """The symbols in `doc` that could hold a wildcard."""
    out: list[Symbol] = []
    for s in _strings(doc):
        out += [sym for sym in table.in_text(s.value) if not sym.wildcard_free and sym not in out]
    return tuple(out)


def widest(doc: JValue, table: SymbolTable, whole: bool = False) -> JValue | None:
    """`doc` with its wildcard-capable values read widest (module doc), or None where that is not sound;
    `whole`: an Allow statement's Resource value holding one is `*` as a whole (wider still, and free of
    the symbols beside it, which the encoding cannot write next to a wildcard in one ARN segment)."""
    if not isinstance(doc, JObject):
        return None
    pairs = []
    for key, value in doc.pairs:
        if key.value == "Statement":
            items = value.items if isinstance(value, JArray) else (value,)
            kept = []
            for statement in items:
                read = _statement(statement, table, whole)
                if read is None:
                    return None
                if read is not False:
                    kept.append(read)
            if not kept:
                return None
            value = JArray(tuple(kept), value.line, value.column)
        elif _wide(value, table):
            return None
        pairs.append((key, value))
    return JObject(tuple(pairs), doc.line, doc.column)


def _statement(node: JValue, table: SymbolTable, whole: bool = False) -> JValue | None | bool:
    """The statement read widest; False to drop it; None where no widest reading is known."""
    if not _wide(node, table):
        return node
    if not isinstance(node, JObject):
        return None
    effect = next((v for k, v in node.pairs if k.value == "Effect"), None)
    if not isinstance(effect, JString) or REFERENCE.search(effect.value):
        return None
    if effect.value == "Deny":
        literal = all(_read_literally(v, table) if k.value in PRINCIPALS else k.value == "Sid" or not _wide(v, table)
                      for k, v in node.pairs)
        return node if literal else False
    if effect.value != "Allow":
        return None
    pairs = []
    for key, value in node.pairs:
        if key.value == "Resource":
            value = _map(value, lambda s: JString("*", s.line, s.column) if whole and _wide(s, table) else _starred(s, table))
        elif key.value == "Principal":
            if isinstance(value, JObject) and any(_wide(k, table) for k, _ in value.pairs):
                return None
            value = _map(value, lambda s: _whole_star(s, table))
        elif key.value == "Condition" and _wide(value, table):
            narrowed = _without_wide(value, table)
            if narrowed is None:
                return None
            if narrowed.pairs:
                pairs.append((key, narrowed))
            continue
        elif key.value not in ("Sid", "NotPrincipal") and _wide(value, table):
            return None
        elif key.value == "NotPrincipal" and not _read_literally(value, table):
            return None
        pairs.append((key, value))
    return JObject(tuple(pairs), node.line, node.column)


def _without_wide(condition: JValue, table: SymbolTable) -> JObject | None:
    """An Allow statement's Condition without the entries (operator, key) that hold a wildcard-capable
    value: each entry is one more requirement, so fewer only widen what the statement matches. None
    when the block is not operators of keys."""
    if not isinstance(condition, JObject):
        return None
    blocks = []
    for operator, block in condition.pairs:
        if not isinstance(block, JObject):
            return None
        if _wide(operator, table):
            continue
        kept = tuple((k, v) for k, v in block.pairs if not _wide(k, table) and not _wide(v, table))
        if kept:
            blocks.append((operator, JObject(kept, block.line, block.column)))
    return JObject(tuple(blocks), condition.line, condition.column)


#: where IAM reads no partial wildcard: a value inside other text is read literally (a stand-in, vet.py)
PRINCIPALS = ("Principal", "NotPrincipal")


def _read_literally(principal: JValue, table: SymbolTable) -> bool:
    """Does every wildcard-capable value in `principal` stand inside other text (never as the whole
    value, never as a principal kind)?"""
    if isinstance(principal, JObject) and any(_wide(k, table) for k, _ in principal.pairs):
        return False
    return all(REFERENCE.sub("", s.value) != "" for s in _strings(principal) if _wide(s, table))


def _starred(s: JString, table: SymbolTable) -> JString:
    text = REFERENCE.sub(lambda m: "*" if _is_wide(m.group(1), table) else m.group(0), s.value)
    return JString(text, s.line, s.column)


def _whole_star(s: JString, table: SymbolTable) -> JString:
    """`*` for a principal that is only template values, one of them wildcard-capable; else as written."""
    if REFERENCE.sub("", s.value) == "" and any(_is_wide(m.group(1), table) for m in REFERENCE.finditer(s.value)):
        return JString("*", s.line, s.column)
    return s


def _is_wide(name: str, table: SymbolTable) -> bool:
    symbol = table.symbols.get(name.lower())
    return symbol is not None and not symbol.wildcard_free


def _wide(node: JValue, table: SymbolTable) -> bool:
    return any(any(not sym.wildcard_free for sym in table.in_text(s.value)) for s in _strings(node))


def _map(node: JValue, f: Callable[[JString], JString]) -> JValue:
    if isinstance(node, JArray):
        return JArray(tuple(_map(i, f) for i in node.items), node.line, node.column)
    if isinstance(node, JObject):
        return JObject(tuple((k, _map(v, f)) for k, v in node.pairs), node.line, node.column)
    return f(node) if isinstance(node, JString) else node


def _strings(node: JValue) -> list[JString]:
    if isinstance(node, JArray):
        return [s for i in node.items for s in _strings(i)]
    if isinstance(node, JObject):
        return [s for k, v in node.pairs for s in (k, *_strings(v))]
    return [node] if isinstance(node, JString) else []


def settle(readings: Readings, run: Callable[[FoundPolicy], list[Result]], fallback: Result) -> list[Result]:
    """The answer by the module doc's argument (`run` checks one reading; `fallback` is the unknown
    answer of the policy as written, kept where a reading cannot be checked)."""
    for reading in (readings.widest, readings.whole):
        wide = run(reading) if reading is not None else []
        if wide and all(r.verdict == Verdict.YES for r in wide):
            for r in wide:
                r.message = f"{r.message} (for every value of {readings.sources}, even one holding a wildcard)".lstrip()
            return wide
    if readings.literal is not None:
        literal = run(readings.literal)
        if any(r.verdict == Verdict.NO and one_value_each(r, readings.literal) for r in literal):
            for r in literal:
                if r.verdict == Verdict.NO:
                    r.message = f"{r.message} (with {witness(r, readings.symbols)})".lstrip()
            return literal
    if readings.widest is not None and readings.literal is not None:
        fallback.reason = UnknownReason.INCOMPLETE.describe(
            f"the answer depends on whether the value of {readings.sources} holds a wildcard "
            "(read as \"*\" it is not shown to be yes; as an ordinary value it is not no)")
    return [fallback]


def one_value_each(r: Result, f: FoundPolicy) -> bool:
    """Does the no `r` give each symbol standing in a Principal (its example, vet.py) that same value
    wherever else the symbol stands? Otherwise its request needs two values of one symbol."""
    context = _context(r)
    for name in {n.lower() for s in f.stand_ins for n in s.symbols}:
        symbol = f.symbols.symbols[name]
        value = context.get(symbol.key.lower(), symbol.example)
        if (value[0] if isinstance(value, list) and len(value) == 1 else value) != symbol.example:
            return False
    return True


def _context(r: Result) -> dict[str, object]:
    request = r.counterexample.request if r.counterexample is not None else None
    return {k.lower(): v for k, v in (request or {}).get("context", {}).items()}


def witness(r: Result, symbols: tuple[Symbol, ...]) -> str:
    """The values of `symbols` in the request of the no `r` (a symbol absent from its context takes its example)."""
    context = _context(r)
    values = []
    for s in symbols:
        value = context.get(s.key.lower(), s.example)
        values.append(f"{s.source} = {(value[0] if isinstance(value, list) else value)!r}")
    return ", ".join(values)
