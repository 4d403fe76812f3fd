"""Nested stacks whose template is in the repository.

`aws cloudformation package` and `sam build` take a nested stack's template
from a local path (`TemplateURL: ./network.yaml`, SAM's
`AWS::Serverless::Application` `Location: ./app.yaml`) and upload it. Such a
child template is read like its parent, its policies labelled
`LOGICAL/...`. The parent's `Parameters` for it fix what the child's
parameters hold: a value written out is the only value that parameter takes
(its AllowedValues become that value); any other (a `!Ref`, a `!GetAtt`) is
some value the child's own constraints allow, but not one it may choose
freely (choices.py's "any string") -- the parent decides it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

#: nested-stack resource types -> the property naming the child template
CHILDREN = {"AWS::CloudFormation::Stack": "TemplateURL", "AWS::Serverless::Application": "Location"}


def local_children(template: dict, path: str) -> list[tuple[str, Path, dict[str, Any]]]:
    """(logical id, child template path, the Parameters given) for each nested stack whose template is a
    local file (a relative or absolute path, not a URL)."""
    out = []
    resources = template.get("Resources")
    for logical, resource in (resources.items() if isinstance(resources, dict) else ()):
        child = local_child(resource, path)
        if child is not None:
            properties = resource.get("Properties")
            given = properties.get("Parameters") if isinstance(properties, dict) else None
            out.append((str(logical), child, given if isinstance(given, dict) else {}))
    return out


def local_child(resource: Any, path: str) -> Path | None:
    """The local template file a nested-stack resource names, if it names one that exists."""
    if not isinstance(resource, dict) or resource.get("Type") not in CHILDREN:
        return None
    properties = resource.get("Properties")
    location = properties.get(CHILDREN[str(resource["Type"])]) if isinstance(properties, dict) else None
    if not isinstance(location, str) or re.match(r"[a-z0-9]+://", location, re.I):
        return None
    child = Path(path).parent / location
    return child if child.is_file() else None


def given_parameters(template: dict, given: dict[str, Any]) -> None:
    """Fix the child template's parameters to what the parent gives (module doc), in place."""
    parameters = template.get("Parameters")
    if not isinstance(parameters, dict):
        return
    for name, value in given.items():
        spec = parameters.get(name)
        if not isinstance(spec, dict):
            continue
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            spec["AllowedValues"] = [str(value)]
            spec["Default"] = str(value)
        else:
            spec["GivenByParent"] = True  # cfn.py: not a value the child chooses freely
