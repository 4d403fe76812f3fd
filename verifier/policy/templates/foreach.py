"""`Fn::ForEach` of the `AWS::LanguageExtensions` transform, in a template's Resources.

    Resources:
      Fn::ForEach::Buckets:
        - Name                    # the identifier
        - !Ref BucketNames        # the collection
        - ${Name}Policy:          # resources, once per element
            Type: AWS::S3::BucketPolicy
            Properties: {PolicyDocument: ... !Sub "arn:aws:s3:::${Name}/*" ...}

(AWS CloudFormation User Guide, "Fn::ForEach"). Inside a copy, the identifier is
read with `Ref` and `Fn::Sub`, as a parameter would be. The copies are read as one
copy whose identifier is a template parameter taking each element: the collection's
values when it is written out, the list parameter's `AllowedValues` when it is one, else
any string. A check answered over every value of that parameter is answered for every
copy (each copy is its own resource, with its own policy).
"""

from __future__ import annotations

from typing import Any

PREFIX = "Fn::ForEach::"


def expand_for_each(template: dict) -> None:
    """Replace each `Fn::ForEach::NAME` entry of `template`'s Resources (nested loops too) by its
    resources, with the identifier made a parameter (module doc); a malformed loop is left as it is."""
    resources = template.get("Resources")
    if not isinstance(resources, dict) or not any(str(k).startswith(PREFIX) for k in resources):
        return
    parameters = template.setdefault("Parameters", {})
    if not isinstance(parameters, dict):
        return
    entries = _expanded(resources, parameters)
    resources.clear()  # in place: cfn-lint's mapping keeps its position
    resources.update(entries)


def _expanded(resources: dict, parameters: dict) -> list[tuple[Any, Any]]:
    out: list[tuple[Any, Any]] = []
    for key, value in resources.items():
        loop = _loop(key, value)
        if loop is None:
            out.append((key, value))
            continue
        identifier, collection, body = loop
        if identifier in parameters:  # a template parameter's name, or another loop's identifier: this one's own
            fresh = next(f"{identifier}{k}" for k in range(2, len(parameters) + 3)
                         if f"{identifier}{k}" not in parameters)
            identifier, body = fresh, _renamed(body, identifier, fresh)
        parameters[identifier] = _element_parameter(collection, parameters)
        out += _expanded(body, parameters)
    return out


def _renamed(node: Any, old: str, new: str) -> Any:
    """`node` with loop identifier `old` read as `new`: in ``${old}``/``&{old}`` of strings (keys too)
    and in ``Ref: old``; a nested loop that declares `old` again keeps its own. Mappings and lists are
    changed in place and strings keep their positions (cfn-lint's nodes)."""
    if isinstance(node, str):
        return _same_place(node, node.replace("${" + old + "}", "${" + new + "}").replace("&{" + old + "}",
                                                                                        "&{" + new + "}"))
    if isinstance(node, list):
        node[:] = [_renamed(v, old, new) for v in node]
    elif isinstance(node, dict):
        items = list(node.items())
        node.clear()
        for k, v in items:
            if k == "Ref" and v == old:
                v = _same_place(v, new)
            elif (_loop(k, v) or ("",))[0] != old:
                v = _renamed(v, old, new)
            node[_renamed(k, old, new)] = v
    return node


def _same_place(node: str, text: str) -> str:
    """`text` at string `node`'s position (a cfn-lint node keeps its marks)."""
    if text == node:
        return node
    if not hasattr(node, "start_mark"):
        return text
    return type(node)(text, node.start_mark, node.end_mark)


def _loop(key: Any, value: Any) -> tuple[str, Any, dict] | None:
    """(identifier, collection, output map) of a well-formed `Fn::ForEach::NAME` entry, else None."""
    if not str(key).startswith(PREFIX) or not isinstance(value, list) or len(value) != 3:
        return None
    identifier, collection, body = value
    return (str(identifier), collection, body) if isinstance(identifier, str) and isinstance(body, dict) else None


def _element_parameter(collection: Any, parameters: dict) -> dict:
    """A String parameter for the loop's identifier: its values are the collection's elements."""
    if isinstance(collection, list) and collection and all(isinstance(v, (str, int, float)) for v in collection):
        return {"Type": "String", "AllowedValues": [str(v) for v in collection]}
    ref = collection.get("Ref") if isinstance(collection, dict) and len(collection) == 1 else None
    spec = parameters.get(ref) if isinstance(ref, str) else None
    allowed = spec.get("AllowedValues") if isinstance(spec, dict) else None
    if isinstance(allowed, list) and allowed:
        return {"Type": "String", "AllowedValues": [str(v) for v in allowed]}
    default = spec.get("Default") if isinstance(spec, dict) else None
    return {"Type": "String", "Default": str(default).split(",")[0].strip()} if isinstance(default, str) and default else {"Type": "String"}
