"""Where a template's symbols may stand in a policy, and what they may hold there.

`vet(doc, table)` walks a policy document (positioned JSON values) along IAM's
grammar and returns it ready for the schema, plus the reason it cannot be
checked exactly (None when it can), plus the principal values given stand-ins:

* Resource, NotResource and String/Arn condition values keep symbols as
  policy variables (exact, see symbols.py) -- if the symbol cannot hold a
  wildcard, or IAM does not read wildcards there (String*Equals).
* A Principal value gets the symbol's example value as a stand-in when the
  symbol cannot hold a wildcard: one deployment's value, so a no found with it
  is real; `checks.py` keeps a yes only where the stand-in is sound.
* A `Sid` holding a template value is left out (it decides nothing; two values with one
  example would read as one sid twice).
* An Arn* condition on template values without wildcards becomes the String*
  condition it equals (`exact_arns`); the encoding has no ARN matching of
  policy variables.
* Anywhere else (Action, Effect, Version, operator and key names, numeric,
  date, IP and Bool values) a symbol makes the policy unsupported.
"""

from __future__ import annotations

from verifier.policy.jsonpos import JArray, JObject, JString, JValue
from verifier.policy.templates.found import StandIn
from verifier.policy.templates.symbols import PSEUDO, REFERENCE, SymbolTable

#: condition operators whose values IAM reads with wildcards
WILDCARD_OPERATORS = ("StringLike", "StringNotLike", "ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals")
EXACT_OPERATORS = ("StringEquals", "StringNotEquals")


class _Vetter:
    def __init__(self, table: SymbolTable) -> None:
        self.table = table
        self.reasons: list[str] = []
        self.stand_ins: list[StandIn] = []

    def refuse(self, node: JString, why: str) -> None:
        self.reasons.append(f"{why} at line {node.line}")

    def sources(self, node: JString) -> str:
        return ", ".join(s.source for s in self.table.in_text(node.value))

    def value(self, node: JValue, where: str) -> JValue:
        """Vet every string under `node`, which sits at `where` (an element name)."""
        if isinstance(node, JArray):
            return JArray(tuple(self.value(i, where) for i in node.items), node.line, node.column)
        if isinstance(node, JObject):
            return JObject(tuple((k, self.value(v, where)) for k, v in node.pairs), node.line, node.column)
        if not isinstance(node, JString) or not REFERENCE.search(node.value):
            return node
        symbols = self.table.in_text(node.value)
        wild = [s.source for s in symbols if not s.wildcard_free]
        if where in ("Resource", "NotResource", "wildcard-condition") and wild:
            self.refuse(node, f"the value of {', '.join(wild)} could hold a wildcard, which IAM would read as one in {where}")
        elif where in ("Principal", "NotPrincipal"):
            if wild:
                self.refuse(node, f'the value of {", ".join(wild)} in "{where}" could be "*"')
            else:
                return self.stand_in(node)
        elif where == "Sid":
            return self.stand_in(node, record=False)
        elif where not in ("Resource", "NotResource", "wildcard-condition", "exact-condition"):
            self.refuse(node, f"a template value ({self.sources(node)}) in {where}")
        return node

    def stand_in(self, node: JString, record: bool = True) -> JString:
        text = REFERENCE.sub(lambda m: m.group(2).replace("''", "'"), node.value)
        if record:
            names = tuple(sym.name for sym in self.table.in_text(node.value))
            self.stand_ins.append(StandIn(node.line, node.column, node.value, names, self.sources(node)))
        return JString(text, node.line, node.column)

    def statement(self, node: JValue) -> JValue:
        if not isinstance(node, JObject):
            return self.value(node, "Statement")
        pairs = []
        for key, value in node.pairs:
            if key.value == "Sid" and isinstance(value, JString) and REFERENCE.search(value.value):
                continue  # a sid decides nothing, and one example for two values would read as one sid twice
            if key.value == "Condition" and isinstance(value, JObject):
                value = self.conditions(value)
            else:
                value = self.value(value, key.value)
            pairs.append((key, value))
        return JObject(tuple(pairs), node.line, node.column)

    def conditions(self, node: JObject) -> JObject:
        out: list[tuple[JString, JValue, bool]] = []
        for written, block in node.pairs:
            self.value(written, "a condition operator")
            op = self.exact_arns(written, block, node)
            base = op.value.split(":")[-1].removesuffix("IfExists")
            where = (
                "wildcard-condition" if base in WILDCARD_OPERATORS
                else "exact-condition" if base in EXACT_OPERATORS
                else f'a "{base}" condition value'
            )
            if isinstance(block, JObject):
                for key, _ in block.pairs:
                    self.value(key, "a condition key")
                block = JObject(tuple((k, self.value(v, where)) for k, v in block.pairs), block.line, block.column)
            out.append((op, block, op is not written))
        return JObject(_merged(out), node.line, node.column)

    def exact_arns(self, op: JString, block: JValue, siblings: JObject) -> JString:
        """An Arn* operator whose values hold template values and no wildcard, as the String*
        operator it then equals: ARNs without wildcards match field by field, i.e. as equal
        strings, once every value has six fields (a literal with five colons before any
        template value, or one template value guarded to ARN shape, see admissible.py)."""
        base = op.value.split(":")[-1].removesuffix("IfExists")
        if base not in ARN_AS_STRING or not isinstance(block, JObject):
            return op
        values = [v for _, vs in block.pairs for v in (vs.items if isinstance(vs, JArray) else (vs,))]
        if not all(isinstance(v, JString) for v in values) or not any(REFERENCE.search(v.value) for v in values):
            return op
        exact = all(self.arn_shaped(v.value) for v in values)  # type: ignore[union-attr]
        if not exact and not all(self.arn_shaped(v.value) or self.like_shaped(v.value) for v in values):  # type: ignore[union-attr]
            return op
        renamed = op.value.replace(base, (ARN_AS_STRING if exact else ARN_AS_LIKE)[base])
        if _shares_key(renamed, block, siblings):
            return op  # both blocks must hold of one key: one JSON operator cannot say it
        return JString(renamed, op.line, op.column)

    def arn_shaped(self, text: str) -> bool:
        literal = REFERENCE.sub("", text)
        if "*" in literal or "?" in literal:
            return False
        head = REFERENCE.split(text, maxsplit=1)[0]
        if head.count(":") >= 5:
            return True
        symbols = self.table.in_text(text)
        return REFERENCE.fullmatch(text) is not None and symbols[0].glob == "arn:*:*:*:*:*"


    def like_shaped(self, text: str) -> bool:
        """Is `text` an ARN whose first five fields are fixed (literal colons, no wildcard, template
        values that hold no colon) and whose wildcards are all in the last field? Arn* matching is then
        StringLike matching: the fields line up, and in the last field `*` and `?` match colons too
        (IAM User Guide, "Condition operators", ARN condition operators)."""
        symbols = [self.table.symbols.get(m.group(1).lower()) for m in REFERENCE.finditer(text)]
        fields = REFERENCE.sub("\0", text).split(":", 5)
        if len(fields) != 6 or any("*" in f or "?" in f for f in fields[:5]):
            return False
        before = "".join(fields[:5]).count("\0")
        return all(s is not None and s.shape in COLON_FREE_SHAPES for s in symbols[:before])


#: shapes of values AWS generates without a colon (symbols.PSEUDO): account, partition, region, URL suffix, stack name
COLON_FREE_SHAPES = frozenset(PSEUDO[name][1] for name in ("AWS::AccountId", "AWS::Partition", "AWS::Region", "AWS::URLSuffix", "AWS::StackName"))
#: Arn operators on ARNs of fixed fields with wildcards in the last -> the String operator they equal
ARN_AS_LIKE = {"ArnEquals": "StringLike", "ArnLike": "StringLike", "ArnNotEquals": "StringNotLike", "ArnNotLike": "StringNotLike"}
#: Arn operators on values without wildcards -> the String operator they equal
ARN_AS_STRING = {"ArnEquals": "StringEquals", "ArnLike": "StringEquals",
                 "ArnNotEquals": "StringNotEquals", "ArnNotLike": "StringNotEquals"}


def _shares_key(operator: str, block: JObject, siblings: JObject) -> bool:
    """Does the operator `operator`, written in `siblings`, already test a key of `block`?"""
    keys = {k.value.lower() for k, _ in block.pairs}
    return any(op.value == operator and isinstance(other, JObject) and keys & {k.value.lower() for k, _ in other.pairs}
               for op, other in siblings.pairs)


def _merged(pairs: list[tuple[JString, JValue, bool]]) -> tuple[tuple[JString, JValue], ...]:
    """The condition blocks, where an Arn* operator renamed by `exact_arns` (`renamed`) joins the
    String* block written beside it (their keys are distinct: every block must hold either way)."""
    out: list[tuple[JString, JValue, bool]] = []
    for op, block, renamed in pairs:
        at = next((i for i, (o, b, r) in enumerate(out) if o.value == op.value and (r or renamed)), None)
        if at is not None and isinstance(block, JObject) and isinstance(out[at][1], JObject):
            first, held, _ = out[at]
            out[at] = (first, JObject(held.pairs + block.pairs, held.line, held.column), True)  # type: ignore[union-attr]
        else:
            out.append((op, block, renamed))
    return tuple((op, block) for op, block, _ in out)


def vet(doc: JValue, table: SymbolTable) -> tuple[JValue, str | None, tuple[StandIn, ...]]:
    """(document for the schema, why it cannot be checked exactly or None, stand-ins used)."""
    if not isinstance(doc, JObject):
        return doc, None, ()
    v = _Vetter(table)
    pairs = []
    version = None
    for key, value in doc.pairs:
        if key.value == "Statement":
            items = value.items if isinstance(value, JArray) else (value,)
            vetted = tuple(v.statement(i) for i in items)
            value = JArray(vetted, value.line, value.column) if isinstance(value, JArray) else vetted[0]
        else:
            value = v.value(value, key.value)
        if key.value == "Version" and isinstance(value, JString):
            version = value.value
        pairs.append((key, value))
    out = JObject(tuple(pairs), doc.line, doc.column)
    if version != "2012-10-17" and _mentions(out):
        if _authored_variables(out):
            v.reasons.append('template values in a policy without "Version": "2012-10-17" beside policy variables '
                             '(IAM would read those "${" literally; the encoding would not)')
        else:  # deployed, the values are plain text: no "${" is left for the version to decide
            out = supplied_version(out)
    return out, "; ".join(v.reasons) or None, tuple(v.stand_ins)


def supplied_version(doc: JObject) -> JObject:
    """`doc` read as version 2012-10-17, the one that substitutes policy variables (the encoding's symbols)."""
    version = (JString("Version", doc.line, doc.column), JString("2012-10-17", doc.line, doc.column))
    return JObject((version,) + tuple((k, v) for k, v in doc.pairs if k.value != "Version"), doc.line, doc.column)


def _authored_variables(node: JValue) -> bool:
    """Does a string of `node` hold a "${" of its own (an IAM policy variable), beside template values?"""
    if isinstance(node, JArray):
        return any(_authored_variables(i) for i in node.items)
    if isinstance(node, JObject):
        return any(_authored_variables(v) for _, v in node.pairs)
    return isinstance(node, JString) and "${" in REFERENCE.sub("", node.value)


def _mentions(node: JValue) -> bool:
    if isinstance(node, JArray):
        return any(_mentions(i) for i in node.items)
    if isinstance(node, JObject):
        return any(_mentions(v) for _, v in node.pairs)
    return isinstance(node, JString) and REFERENCE.search(node.value) is not None
