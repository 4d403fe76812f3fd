"""Checks whose answer may hang on the deploying account named in a Principal.

A principal such as `arn:aws:iam::${AWS::AccountId}:root` holds a stand-in
account (vet.py): one deployment. For a check over all deployments, the
account values fall into finitely many cases, each checked exactly:

* each account number L written in the policies' principals: the symbol is
  pinned to L everywhere (principals and every condition or resource that
  reads it);
* any other account: the stand-in G is an account no principal names, and
  the symbol's own value (where a condition or resource reads it) is kept
  out of the named accounts. Renaming accounts in principals maps each
  deployment on an unnamed account to this one (conditions read request
  keys, never the principal's text), so its answer holds for all of them.

The answer is yes when every case is yes, no when some case is no, else
unknown. Only one account symbol is handled; other stand-ins stay unknown.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from verifier.policy.ir import Condition, Pattern, Policy, Principal, Statement, Var
from verifier.policy.templates.admissible import condition, denying, guarded
from verifier.policy.templates.found import FoundPolicy
from verifier.policy.templates.symbols import REFERENCE, Symbol
from verifier.result import Result, Verdict

ACCOUNT_SHAPE = r"\d{12}"
ACCOUNT = re.compile(r"(?<!\d)\d{12}(?!\d)")


def account_symbol(found: list[FoundPolicy]) -> Symbol | None:
    """The one account-number symbol all stand-ins of `found` hold, None if there is not exactly one."""
    names = {name.lower() for f in found for s in f.stand_ins for name in s.symbols}
    symbols = [f.symbols.symbols[n] for f in found for n in names if n in f.symbols.symbols]
    if len(names) != 1 or not symbols or any(s.shape != ACCOUNT_SHAPE for s in symbols):
        return None
    return symbols[0]


def over_accounts(found: list[FoundPolicy | None], check: Callable[[list[Policy]], Result]) -> Result | None:
    """`check` on the policies of `found` (None: a policy that allows nothing, made by `check`'s caller)
    in every account case, combined (module doc); None when the stand-ins are not one account symbol."""
    present = [f for f in found if f is not None]
    symbol = account_symbol(present)
    if symbol is None:
        return None
    named = sorted({a for f in present for s in f.policy.statements for p in s.principals or ()
                    if not _stood_in(f, p) for a in ACCOUNT.findall(p.value)})
    answers = []
    for label, account in [(f"account {a}", a) for a in named] + [("any other account", None)]:
        result = check([instance(f, symbol, account, named) if f is not None else None for f in found])  # type: ignore[misc]
        if result.verdict == Verdict.NO:
            return _noted(result, f" (when the deploying account is {label})")
        answers.append((label, result))
    unsure = [r for _, r in answers if r.verdict != Verdict.YES]
    if unsure:
        return unsure[0]
    return _noted(answers[-1][1], f" (for every deploying account: {', '.join(label for label, _ in answers)})")


def _noted(result: Result, note: str) -> Result:
    """The result with `note` after its message (and after the same words in its certificate)."""
    cert = result.certificate
    if cert is not None and result.message and cert.text.startswith(result.message):
        cert.text = result.message + note + cert.text[len(result.message):]
    result.message += note
    return result


def instance(f: FoundPolicy, symbol: Symbol, account: str | None, named: list[str]) -> Policy:
    """`f`'s guarded policy for one case (see the module doc)."""
    stand_in = account or _unnamed(named)
    policy = replace(f.policy, statements=tuple(_statement(f, s, symbol, stand_in, account) for s in f.policy.statements))
    policy = guarded(policy, f.symbols)
    if account is None and named and _reads(policy, symbol):
        values = tuple(Pattern(a, (a,), 0, 0) for a in named)
        policy = denying(policy, (condition("StringEquals", symbol.key, values),))
        if symbol.example in named:  # the value of an absent key: keep it out of the named accounts too
            policy = denying(policy, (condition("Null", symbol.key, (True,)),))
    return policy


def _statement(f: FoundPolicy, s: Statement, symbol: Symbol, stand_in: str, pinned: str | None) -> Statement:
    principals = s.principals
    if principals is not None:
        principals = tuple(_principal(f, p, symbol, stand_in) for p in principals)
    if pinned is None:
        return replace(s, principals=principals)
    resources = tuple(_pinned(p, symbol, pinned) for p in s.resources) if s.resources is not None else None
    conditions = tuple(_pinned_condition(c, symbol, pinned) for c in s.conditions)
    return replace(s, principals=principals, resources=resources, conditions=conditions)


def _principal(f: FoundPolicy, p: Principal, symbol: Symbol, account: str) -> Principal:
    for s in f.stand_ins:
        if (s.line, s.column) == (p.line, p.column):
            value = REFERENCE.sub(lambda m: account if m.group(1).lower() == symbol.name.lower() else m.group(2), s.template)
            return replace(p, value=value)
    return p


def _stood_in(f: FoundPolicy, p: Principal) -> bool:
    return any((s.line, s.column) == (p.line, p.column) for s in f.stand_ins)


def _pinned(p: Pattern, symbol: Symbol, account: str) -> Pattern:
    if not any(isinstance(x, Var) and x.key == symbol.key.lower() for x in p.variables):
        return p
    parts: list = []
    for x in p.parts:
        x = account if isinstance(x, Var) and x.key == symbol.key.lower() else x
        if isinstance(x, str) and parts and isinstance(parts[-1], str):
            parts[-1] += x
        else:
            parts.append(x)
    return Pattern(REFERENCE.sub(lambda m: account if m.group(1).lower() == symbol.name.lower() else m.group(0), p.text),
                   tuple(parts), p.line, p.column)


def _pinned_condition(c: Condition, symbol: Symbol, account: str) -> Condition:
    return replace(c, values=tuple(_pinned(v, symbol, account) if isinstance(v, Pattern) else v for v in c.values))


def _reads(policy: Policy, symbol: Symbol) -> bool:
    key = symbol.key.lower()
    for s in policy.statements:
        patterns = list(s.resources or ()) + [v for c in s.conditions for v in c.values if isinstance(v, Pattern)]
        if any(x.key == key for p in patterns for x in p.variables):
            return True
    return False


def _unnamed(named: list[str]) -> str:
    n = 111122223333
    while str(n) in named:
        n += 1
    return str(n)
