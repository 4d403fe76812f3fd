"""Access policies: AWS IAM JSON policies, parsed with positions, evaluated
concretely, and compared exactly with z3.

The library surface (loaded on first use, so importing a submodule stays cheap):
`load_policy`, `parse_policy`, and the checks `validate`, `allows`,
`no_public_access`, `not_granted`, `no_new_access`, `equiv`, each returning
`verifier.result.Result`s.
"""

from __future__ import annotations

from verifier.lazy import lazy_exports

_EXPORTS = {
    "load_policy": "verifier.policy.parse",
    "parse_policy": "verifier.policy.parse",
    "validate": "verifier.policy.checks",
    "allows": "verifier.policy.checks",
    "no_public_access": "verifier.policy.checks",
    "not_granted": "verifier.policy.checks",
    "no_new_access": "verifier.policy.checks",
    "equiv": "verifier.policy.checks",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
