"""Equivalence of two functions (`verify equiv`): C/C, Python/Python and C/Python.

`equiv(a_spec, b_spec, semantics=None, timeout=DEFAULT_TIMEOUT, partial=False)`
returns one ``equivalence`` (with `partial`: ``partial-equivalence``) `Result`: yes with a coupling invariant (or a complete
unrolling) re-checked by z3 and cvc5, no with the input where the functions
differ (both run for real and disagree), or unknown with the reason. See
`verifier.equivalence.check` for what is compared and what is assumed.
"""

from __future__ import annotations

from .check import compare_targets, equiv

__all__ = ["equiv", "compare_targets"]
