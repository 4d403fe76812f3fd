"""Read a policy file: JSON text -> positioned values -> schema check -> policy IR.

The schema is IAM's policy grammar: `Version`, `Id`, `Statement` (an object or a
non-empty list); per statement `Sid`, `Effect`, `Principal`/`NotPrincipal`,
`Action`/`NotAction`, `Resource`/`NotResource`, `Condition` with the documented
operators. Any departure raises `InputError` (kind ``policy-schema``) at the
offending element, e.g. ``"Effect" must be "Allow" or "Deny", got "allow"``.
Policy variables are recognized only under Version 2012-10-17, as IAM does.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path

from verifier.errors import InputError
from verifier.deadline import current
from verifier.load import byte_position, read_bytes
from verifier.policy.ir import (
    ANY,
    ONE,
    OPERATORS,
    Condition,
    Part,
    Pattern,
    Policy,
    Principal,
    Statement,
    Value,
    Var,
)
from verifier.policy.jsonpos import JArray, JBool, JNumber, JObject, JString, JValue, parse_json

VERSIONS = ("2012-10-17", "2008-10-17")
TOP_ELEMENTS = ("Version", "Id", "Statement")
STATEMENT_ELEMENTS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
PRINCIPAL_KINDS = ("AWS", "Service", "Federated", "CanonicalUser")


def load_policy(path: str | Path, label: str | None = None) -> Policy:
    """Read and parse the policy file at `path`; messages name it `label` (default: the path)."""
    name = label or str(path)
    return parse_policy(decode(read_bytes(path, name), name), name)


def decode(data: bytes, name: str) -> str:
    """The text of a policy file; binary or non-UTF-8 content is an input error."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, *byte_position(data, nul), "binary file, not JSON text", "file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(name, *byte_position(data, exc.start), "the file is not UTF-8 text", "file") from None


def parse_policy(text: str, path: str) -> Policy:
    """Parse the JSON `text` of the policy at `path` into the policy IR."""
    return policy_of(parse_json(text, path), path)


def policy_of(doc: JValue, path: str) -> Policy:
    """Check positioned JSON values (a policy document found at `path`) against the schema; build the IR."""
    return _Schema(path).policy(doc)


class _Schema:
    """Checks positioned JSON against IAM's policy grammar and builds the IR."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.variables = True

    def error(self, node: JValue | JString, message: str) -> InputError:
        return InputError(self.path, node.line, node.column, message, "policy-schema")

    # ---- document ----

    def policy(self, doc: JValue) -> Policy:
        if not isinstance(doc, JObject):
            raise self.error(doc, f"a policy must be a JSON object, got {_kind(doc)}")
        fields = self.fields(doc, TOP_ELEMENTS, "at the top level of a policy")
        version = None
        if "Version" in fields:
            node = fields["Version"][1]
            version = self.string(node, "Version")
            if version not in VERSIONS:
                raise self.error(node, f'"Version" must be "2012-10-17" or "2008-10-17", got "{version}"')
        self.variables = version == "2012-10-17"
        pid = self.string(fields["Id"][1], "Id") if "Id" in fields else None
        if "Statement" not in fields:
            raise self.error(doc, 'missing "Statement" (a policy needs at least one statement)')
        node = fields["Statement"][1]
        items = node.items if isinstance(node, JArray) else (node,)
        if not items:
            raise self.error(node, '"Statement" is an empty list (a policy needs at least one statement)')
        statements = tuple(self.statement(i, item) for i, item in enumerate(items, 1))
        return Policy(self.path, version, pid, statements, doc.line, doc.column)

    def fields(self, obj: JObject, allowed: tuple[str, ...], where: str) -> dict[str, tuple[JString, JValue]]:
        """The object's members by name; unknown or repeated names are errors."""
        seen: dict[str, tuple[JString, JValue]] = {}
        for key, value in obj.pairs:
            if key.value not in allowed:
                hint = _suggest(key.value, allowed)
                if where == "at the top level of a policy" and key.value in STATEMENT_ELEMENTS:
                    hint = ' (statement elements belong inside "Statement")'
                raise self.error(key, f'unknown element "{key.value}" {where}{hint}')
            if key.value in seen:
                first = seen[key.value][0]
                raise self.error(key, f'duplicate element "{key.value}" (first at {first.line}:{first.column})')
            seen[key.value] = (key, value)
        return seen

    # ---- statements ----

    def statement(self, index: int, node: JValue) -> Statement:
        current().check()
        if not isinstance(node, JObject):
            raise self.error(node, f"a statement must be a JSON object, got {_kind(node)}")
        f = self.fields(node, STATEMENT_ELEMENTS, "in a statement")
        for a, b in (("Principal", "NotPrincipal"), ("Action", "NotAction"), ("Resource", "NotResource")):
            if a in f and b in f:
                raise self.error(f[b][0], f'a statement has either "{a}" or "{b}", not both')
        if "Effect" not in f:
            raise self.error(node, 'missing "Effect" ("Allow" or "Deny")')
        effect_node = f["Effect"][1]
        effect = self.string(effect_node, "Effect")
        if effect not in ("Allow", "Deny"):
            raise self.error(effect_node, f'"Effect" must be "Allow" or "Deny", got "{effect}"')
        if "Action" not in f and "NotAction" not in f:
            raise self.error(node, 'missing "Action" or "NotAction"')
        action_name = "Action" if "Action" in f else "NotAction"
        actions = tuple(self.action(s) for s in self.strings(f[action_name][1], action_name))
        resources = None
        resource_name = "Resource" if "Resource" in f else "NotResource"
        if resource_name in f:
            items = self.strings(f[resource_name][1], resource_name)
            resources = tuple(self.pattern(s, wildcards=True, variables=self.variables) for s in items)
        principals = None
        principal_name = "Principal" if "Principal" in f else "NotPrincipal"
        if principal_name in f:
            principals = self.principals(f[principal_name][1], principal_name)
        conditions = self.conditions(f["Condition"][1]) if "Condition" in f else ()
        sid = self.string(f["Sid"][1], "Sid") if "Sid" in f else None
        return Statement(
            index=index,
            sid=sid,
            effect=effect,
            principals=principals,
            not_principal=principal_name == "NotPrincipal" and principals is not None,
            actions=actions,
            not_action=action_name == "NotAction",
            resources=resources,
            not_resource=resource_name == "NotResource" and resources is not None,
            conditions=conditions,
            line=node.line,
            column=node.column,
            elements={name: (key.line, key.column) for name, (key, _) in f.items()},
        )

    def action(self, node: JString) -> Pattern:
        """An action pattern; matching is case-insensitive, so parts are lowercased."""
        pattern = self.pattern(node, wildcards=True, variables=False)
        parts = tuple(p.lower() if isinstance(p, str) else p for p in pattern.parts)
        return Pattern(pattern.text, parts, node.line, node.column)

    def principals(self, node: JValue, name: str) -> tuple[Principal, ...]:
        if isinstance(node, JString):
            if node.value != "*":
                raise self.error(node, f'"{name}" must be "*" or an object like {{"AWS": [...]}}, got "{node.value}"')
            return (Principal("*", "*", node.line, node.column),)
        if not isinstance(node, JObject):
            raise self.error(node, f'"{name}" must be "*" or an object like {{"AWS": [...]}}, got {_kind(node)}')
        fields = self.fields(node, PRINCIPAL_KINDS, f'in "{name}"')
        out = []
        for kind, (_, value) in fields.items():
            for s in self.strings(value, f"{name}.{kind}"):
                if s.value != "*" and ("*" in s.value or "?" in s.value):
                    raise self.error(s, f'wildcards are not allowed in "{name}" except "*" on its own, got "{s.value}"')
                out.append(Principal(kind, s.value, s.line, s.column))
        if not out:
            raise self.error(node, f'"{name}" names no principal')
        return tuple(out)

    # ---- conditions ----

    def conditions(self, node: JValue) -> tuple[Condition, ...]:
        if not isinstance(node, JObject):
            raise self.error(node, f'"Condition" must be an object of operators, got {_kind(node)}')
        out: list[Condition] = []
        seen: set[str] = set()
        for op_node, block in node.pairs:
            if op_node.value in seen:
                raise self.error(op_node, f'duplicate condition operator "{op_node.value}"')
            seen.add(op_node.value)
            base, qualifier, if_exists = self.operator(op_node)
            if not isinstance(block, JObject):
                raise self.error(block, f'"{op_node.value}" must map condition keys to values, got {_kind(block)}')
            keys: set[str] = set()
            for key_node, values in block.pairs:
                if key_node.value.lower() in keys:
                    raise self.error(key_node, f'duplicate condition key "{key_node.value}" under "{op_node.value}"')
                keys.add(key_node.value.lower())
                items = values.items if isinstance(values, JArray) else (values,)
                if not items:
                    raise self.error(values, f'no values for "{key_node.value}" under "{op_node.value}"')
                parsed = tuple(self.condition_value(base, v, op_node.value) for v in items)
                out.append(
                    Condition(
                        operator=op_node.value,
                        base=base,
                        qualifier=qualifier,
                        if_exists=if_exists,
                        key=key_node.value.lower(),
                        key_text=key_node.value,
                        values=parsed,
                        line=key_node.line,
                        column=key_node.column,
                    )
                )
        return tuple(out)

    def operator(self, node: JString) -> tuple[str, str, bool]:
        """Split "ForAllValues:StringLikeIfExists" into (base, qualifier, if_exists)."""
        name = node.value
        qualifier = ""
        if ":" in name:
            qualifier, _, name = name.partition(":")
            if qualifier not in ("ForAllValues", "ForAnyValue"):
                hint = _suggest(qualifier, ("ForAllValues", "ForAnyValue"))
                raise self.error(node, f'unknown set operator "{qualifier}" in "{node.value}"{hint}')
        if_exists = name.endswith("IfExists") and name[: -len("IfExists")] in OPERATORS
        base = name[: -len("IfExists")] if if_exists else name
        if base not in OPERATORS:
            known = tuple(OPERATORS) + tuple(op + "IfExists" for op in OPERATORS if op != "Null")
            raise self.error(node, f'unknown condition operator "{node.value}"{_suggest(name, known)}')
        if base == "Null" and (if_exists or qualifier):
            raise self.error(node, f'"{node.value}" is not an operator ("Null" takes no prefix or IfExists)')
        return base, qualifier, if_exists

    def condition_value(self, base: str, node: JValue, op: str) -> Value:
        family = OPERATORS[base]
        if isinstance(node, (JNumber, JBool)):
            text = node.text if isinstance(node, JNumber) else ("true" if node.value else "false")
            node = JString(text, node.line, node.column)
        if not isinstance(node, JString):
            raise self.error(node, f'a value of "{op}" must be a string, number or boolean, got {_kind(node)}')
        text = node.value
        if family in ("bool", "null"):
            if text.lower() not in ("true", "false"):
                raise self.error(node, f'"{op}" takes "true" or "false", got "{_short(text)}"')
            return text.lower() == "true"
        if family == "numeric":
            try:
                number = read_number(text)
            except NumberTooLarge as exc:
                raise self.error(node, f'"{op}": number too large to compare exactly ({exc})') from None
            if number is None:
                raise self.error(node, f'"{op}" takes a number, got "{_short(text)}"')
            return number
        if family == "date":
            when = parse_date(text)
            if when is None:
                raise self.error(node, f'"{op}" takes a date (ISO 8601 or seconds since 1970), got "{_short(text)}"')
            return when
        if family == "ip":
            try:
                return ipaddress.ip_network(text, strict=False)
            except ValueError:
                raise self.error(node, f'"{op}" takes an IP address or CIDR range, got "{_short(text)}"') from None
        wildcards = base in ("StringLike", "StringNotLike") or family == "arn"
        variables = self.variables and family != "binary"
        return self.pattern(node, wildcards=wildcards, variables=variables)

    # ---- leaves ----

    def string(self, node: JValue, name: str) -> str:
        if not isinstance(node, JString):
            raise self.error(node, f'"{name}" must be a string, got {_kind(node)}')
        return node.value

    def strings(self, node: JValue, name: str) -> tuple[JString, ...]:
        items = node.items if isinstance(node, JArray) else (node,)
        if not items:
            raise self.error(node, f'"{name}" is an empty list')
        for item in items:
            if not isinstance(item, JString):
                raise self.error(item, f'"{name}" must hold strings, got {_kind(item)}')
        return items  # type: ignore[return-value]

    def pattern(self, node: JString, *, wildcards: bool, variables: bool) -> Pattern:
        return Pattern(node.value, split_pattern(node.value, wildcards, variables), node.line, node.column)


def action_pattern(text: str) -> Pattern:
    """An action pattern given on the command line ("s3:Get*")."""
    parts = split_pattern(text, wildcards=True, variables=False)
    return Pattern(text, tuple(p.lower() if isinstance(p, str) else p for p in parts), 0, 0)


def resource_pattern(text: str) -> Pattern:
    """A resource pattern given on the command line ("arn:aws:s3:::bucket/*")."""
    return Pattern(text, split_pattern(text, wildcards=True, variables=False), 0, 0)


def split_pattern(text: str, wildcards: bool, variables: bool) -> tuple[Part, ...]:
    """Split `text` into literal runs, wildcards and policy variables."""
    parts: list[Part] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            parts.append("".join(buf))
            buf.clear()

    i = 0
    while i < len(text):
        c = text[i]
        if variables and text.startswith("${", i) and "}" in text[i:]:
            end = text.index("}", i)
            inner = text[i + 2 : end]
            if inner in ("*", "?", "$"):
                buf.append(inner)
            else:
                flush()
                parts.append(_variable(inner, text[i : end + 1]))
            i = end + 1
            continue
        if wildcards and c in "*?":
            flush()
            parts.append(ANY if c == "*" else ONE)
        else:
            buf.append(c)
        i += 1
    flush()
    return tuple(parts)


_DEFAULT = re.compile(r"^\s*([^,\s]+)\s*,\s*'((?:[^']|'')*)'\s*$")


def _variable(inner: str, text: str) -> Var:
    m = _DEFAULT.match(inner)
    if m:
        return Var(m.group(1).lower(), text, m.group(2).replace("''", "'"))
    return Var(inner.strip().lower(), text)


#: digits a number may need when written out in full (integer digits plus decimal
#: places): beyond, it is not compared exactly at a reasonable cost, so it is refused
MAX_NUMBER_DIGITS = 1000

_NUMBER = re.compile(r"\s*([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?\s*")


class NumberTooLarge(ValueError):
    """A well-formed number that needs more than MAX_NUMBER_DIGITS digits written out."""


def parse_number(text: str) -> Fraction | None:
    """A number as IAM's Numeric operators read it (integer or decimal), else None
    (also for one too large to compare, see `read_number`)."""
    try:
        return read_number(text)
    except NumberTooLarge:
        return None


def read_number(text: str) -> Fraction | None:
    """Like `parse_number`, but a number needing more than MAX_NUMBER_DIGITS digits
    (1e5000, 1e-5000, a 5,000-digit integer) raises NumberTooLarge; checked before
    any arithmetic, so a huge exponent costs nothing."""
    m = _NUMBER.fullmatch(text)
    if m is None:
        return None
    sign, whole, frac, only_frac, exp_text = m.groups()
    whole, frac = whole or "", frac if frac is not None else (only_frac or "")
    digits = (whole + frac).lstrip("0")
    if not digits:
        return Fraction(0)
    exp_digits = (exp_text or "0").lstrip("+-").lstrip("0")
    if len(exp_digits) > len(str(MAX_NUMBER_DIGITS)) + 1:
        raise NumberTooLarge(f"exponent {exp_text} is out of range")
    shift = int(exp_text or "0") - len(frac)  # value = int(digits) * 10**shift
    stripped = digits.rstrip("0")
    shift += len(digits) - len(stripped)
    needed = max(len(stripped) + shift, 0) + max(-shift, 0)
    if needed > MAX_NUMBER_DIGITS:
        raise NumberTooLarge(f"written out it has {needed} digits, more than {MAX_NUMBER_DIGITS}")
    value = Fraction(int(stripped)) * Fraction(10) ** shift
    return -value if sign == "-" else value


def parse_date(text: str) -> Fraction | None:
    """Seconds since 1970-01-01T00:00:00Z of an ISO 8601 date or an epoch number, else None
    (an epoch number of more than MAX_NUMBER_DIGITS digits is none)."""
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return Fraction(int(text)) if len(text.lstrip("0")) <= MAX_NUMBER_DIGITS else None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    delta = when - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return Fraction(delta.days * 86400 + delta.seconds) + Fraction(delta.microseconds, 10**6)


def _short(text: str, limit: int = 60) -> str:
    """`text` cut for a one-line message."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _kind(node: JValue) -> str:
    return {
        "JObject": "an object",
        "JArray": "a list",
        "JString": "a string",
        "JNumber": "a number",
        "JBool": "a boolean",
        "JNull": "null",
    }[type(node).__name__]


def _suggest(name: str, known: tuple[str, ...]) -> str:
    lowered = {k.lower(): k for k in known}
    if name.lower() in lowered:
        return f' (did you mean "{lowered[name.lower()]}"? names are case-sensitive)'
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return f' (did you mean "{close[0]}"?)' if close else ""

