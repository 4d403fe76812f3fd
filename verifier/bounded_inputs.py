"""Answers over inputs that were bounded to be checked.

A C list parameter is read as a list of at most `c_list_params.LIST_NODES`
nodes (`program.replay_facts["input_scope"]` names the bound per function,
empty when the bound cannot change an answer). A proof over those inputs says
nothing of longer lists, so it is not a yes: the check is unknown, the reason
names the bound, and the certificate (with its `scope`) is kept as evidence.
A no needs no such care: its witness is a real input, replayed.
"""

from __future__ import annotations

from .registry import UnknownReason
from .result import Result, Verdict

__all__ = ["withhold_bounded_yes"]


def withhold_bounded_yes(result: Result, scope: str) -> None:
    """Turn `result`, a yes proved only for inputs within `scope`, into unknown."""
    if not scope or result.verdict != Verdict.YES:
        return
    result.verdict = Verdict.UNKNOWN
    result.reason = UnknownReason.INCOMPLETE.describe(f"proved only for {scope}; larger inputs were not checked")
    if result.certificate is not None:
        result.certificate.scope = scope
