"""Keep the search to values a template symbol can take.

A symbol is a policy variable whose value the request chooses (symbols.py),
so without more the search may pick a value the symbol can never hold: a
`*` in a bucket ARN, a `/` in a bucket name, a value outside a parameter's AllowedValues. `guarded`
appends Deny statements that apply exactly when a symbol's value is present
and inadmissible; with the value absent the symbol takes its example value,
which is admissible. On admissible values the policy decides as before, so
a yes holds for every admissible value and a no names admissible ones. The
evaluator replays the same guarded policy. Shapes are encoded as far as an
IAM pattern goes (`Symbol.glob`: six ARN fields, twelve characters);
answers.py checks the rest (twelve digits) on the request found.
"""

from __future__ import annotations

from verifier.policy.ir import ANY, ONE, Condition, Pattern, Policy, Statement
from verifier.policy.templates.symbols import SymbolTable

GUARD_SID = "template-values"


def guarded(policy: Policy, table: SymbolTable) -> Policy:
    """`policy` plus one Deny per way a symbol it uses could be inadmissible."""
    used = {s.name.lower(): s for s in table.symbols.values() if _mentioned(policy, s.reference)}
    extra: list[Statement] = []
    for symbol in used.values():
        key = symbol.key.lower()
        present = _condition("Null", key, symbol.key, (False,))
        if symbol.wildcard_free:
            wild = tuple(Pattern(f"*{c}*", (ANY, c, ANY), 0, 0) for c in "*?")
            extra.append(_deny(len(policy.statements) + len(extra) + 1, (_condition("StringLike", key, symbol.key, wild),)))
        if symbol.plain:
            parts = tuple(Pattern(f"*{c}*", (ANY, c, ANY), 0, 0) for c in ":/")
            extra.append(_deny(len(policy.statements) + len(extra) + 1, (_condition("StringLike", key, symbol.key, parts),)))
        if symbol.glob is not None:
            shape = _condition("StringNotLike", key, symbol.key, (_glob(symbol.glob),))
            extra.append(_deny(len(policy.statements) + len(extra) + 1, (present, shape)))
        if symbol.allowed is not None:
            allowed = tuple(Pattern(v, (v,), 0, 0) for v in symbol.allowed)
            outside = _condition("StringNotEquals", key, symbol.key, allowed)
            extra.append(_deny(len(policy.statements) + len(extra) + 1, (present, outside)))
    if not extra:
        return policy
    return Policy(policy.path, policy.version, policy.id, policy.statements + tuple(extra), policy.line, policy.column)


def denying(policy: Policy, conditions: tuple[Condition, ...]) -> Policy:
    """`policy` plus a Deny of every request meeting `conditions` (all of them)."""
    extra = _deny(len(policy.statements) + 1, conditions)
    return Policy(policy.path, policy.version, policy.id, policy.statements + (extra,), policy.line, policy.column)


def condition(operator: str, key: str, values: tuple) -> Condition:
    """A condition on a symbol's context key (`key` as the symbol writes it)."""
    return _condition(operator, key.lower(), key, values)


def _mentioned(policy: Policy, reference: str) -> bool:
    for s in policy.statements:
        patterns = list(s.resources or ()) + [v for c in s.conditions for v in c.values if isinstance(v, Pattern)]
        if any(reference in p.text or any(getattr(x, "text", None) == reference for x in p.parts) for p in patterns):
            return True
    return False


def _glob(text: str) -> Pattern:
    parts = tuple(ANY if c == "*" else ONE if c == "?" else c for c in text)
    return Pattern(text, parts, 0, 0)


def _condition(operator: str, key: str, text: str, values: tuple) -> Condition:
    return Condition(operator, operator, "", False, key, text, values, 0, 0)


def _deny(index: int, conditions: tuple[Condition, ...]) -> Statement:
    star = (Pattern("*", (ANY,), 0, 0),)
    return Statement(index, GUARD_SID, "Deny", None, False, star, False, star, False, conditions, 0, 0)


