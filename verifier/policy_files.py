"""Which staged files the verify-policy hook checks, and as what.

With `--policies` globs or a `[tool.verify] policies` setting, exactly the
files they select (policy JSON or templates). Otherwise by name (JSON files
whose name or directory says policy) and by content: a JSON document with a
"Statement", or a CloudFormation template (JSON or YAML) or Terraform file
that declares a resource holding a policy. A Terraform file is checked as its
module (its directory), so references between the module's files resolve.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from verifier.config import DEFAULT_POLICIES, Config

POLICY_SUFFIXES = (".json",)
TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template", ".tf")


def policy_files(files: list[str], config: Config, globs: tuple[str, ...]) -> list[str]:
    """The files (a Terraform file as its module directory) the hook checks, in order, without repeats."""
    explicit = globs or (config.policies if config.policies != DEFAULT_POLICIES else ())
    chosen = []
    for f in files:
        if explicit:
            keep = f.endswith(TEMPLATE_SUFFIXES) and config.selects(f, explicit)
        else:
            keep = (f.endswith(POLICY_SUFFIXES) and config.selects(f, DEFAULT_POLICIES)) or (
                config.selects(f, ("*", "**/*")) and holds_policies(f)
            )
        if keep:
            chosen.append(str(Path(f).parent) if f.endswith(".tf") else f)
    return list(dict.fromkeys(chosen))


def holds_policies(path: str) -> bool:
    """Does the file's content say it is a policy document or a template with policies?"""
    from verifier.policy.templates.cfn import POLICY_PROPERTIES
    from verifier.policy.templates.terraform import POLICY_ATTRIBUTES

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if path.endswith(".tf"):
        kinds = "|".join(map(re.escape, POLICY_ATTRIBUTES))
        return re.search(rf'(resource\s+"({kinds})"|data\s+"aws_iam_policy_document")', text) is not None
    if path.endswith(".json"):
        try:
            doc = json.loads(text)
        except ValueError:
            return False
        if isinstance(doc, dict) and "Statement" in doc:
            return True
    if path.endswith(TEMPLATE_SUFFIXES):
        return any(re.search(rf"\b{re.escape(kind)}\b", text) for kind in POLICY_PROPERTIES if POLICY_PROPERTIES[kind])
    return False
