"""Policies where they live: CloudFormation templates and Terraform modules.

`is_template(path)` tells a template (or module directory) from a policy file;
`load_template(path)` finds every policy in it (`FoundPolicy`: the policy IR
with template positions, its resource type, its symbols); `answer_template`
runs a per-file check on each. Values unknown until deployment become
symbols (symbols.py), vetted where they stand (vet.py). Loaded on first use:
the checks import `symbols` from here.
"""

from __future__ import annotations

from verifier.lazy import lazy_exports

_EXPORTS = {
    "answer_template": "verifier.policy.templates.answers",
    "is_template": "verifier.policy.templates.load",
    "load_template": "verifier.policy.templates.load",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_exports(__name__, _EXPORTS)
