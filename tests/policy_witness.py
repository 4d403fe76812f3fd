"""Helpers for policy and template tests: write a template, read a no's request back, replay it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from verifier.policy.evaluator import decide
from verifier.policy.ir import Request, RequestPrincipal
from verifier.policy.templates.admissible import guarded


def write(tmp_path: Path, name: str, text: str) -> str:
    """Write `text` (dedented) to `tmp_path / name`, making its directories; the path as a string."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return str(path)


def request_of(request: dict) -> Request:
    """The request a counterexample's JSON (`Counterexample.request`) describes."""
    who = request["principal"]
    principal = RequestPrincipal("Anonymous", "") if who == "anonymous" else RequestPrincipal(*next(iter(who.items())))
    context = tuple((k, tuple(v) if isinstance(v, list) else (v,)) for k, v in request["context"].items())
    return Request(request["action"], request["resource"], principal, context)


def replayed(found, result) -> bool:
    """Is the no's request allowed by the template's policy `found` (concrete evaluator, template values
    guarded as the checks read them)?"""
    return decide(guarded(found.policy, found.symbols), request_of(result.counterexample.request)).allowed
