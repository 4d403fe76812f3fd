"""Find every policy of a template file or module directory, parsed and vetted."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from verifier.errors import InputError
from verifier.policy.api_gateway import own_api
from verifier.policy.ir import Policy
from verifier.policy.jsonpos import JArray, JObject, JString, JValue
from verifier.policy.parse import policy_of
from verifier.policy.templates.choices import choices, written
from verifier.policy.templates.example import deployable
from verifier.policy.templates.found import Choices, Example, FoundPolicy, OneCopy, Readings
from verifier.policy.templates.nested import local_children
from verifier.policy.templates.readings import wide_symbols, widest, wildcard_free_table
from verifier.policy.templates.symbols import REFERENCE, SymbolTable
from verifier.policy.templates.unlisted import UNREAD_TYPE
from verifier.policy.templates.vet import vet

CLOUDFORMATION_SUFFIXES = (".yaml", ".yml", ".template")
API_GATEWAY = "AWS::ApiGateway::RestApi"


def is_template(path: str) -> bool:
    """A Terraform file or module directory, or a CloudFormation template (YAML, or JSON with "Resources")."""
    p = Path(path)
    if p.is_dir() or p.suffix == ".tf" or p.suffix in CLOUDFORMATION_SUFFIXES:
        return True
    if p.suffix != ".json" or not p.is_file():
        return False
    try:
        doc = json.loads(p.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and ("Resources" in doc or "AWSTemplateFormatVersion" in doc)


def load_template(path: str) -> list[FoundPolicy]:
    """Every policy in the template at `path` (a directory: its .tf files as one module, and its templates)."""
    p = Path(path)
    if not p.exists():
        raise InputError(path, 0, 0, "no such file or directory", "file")
    found: list[FoundPolicy] = []
    if p.is_dir():
        tf = sorted(p.glob("*.tf"))
        templates = [f for f in sorted(p.iterdir()) if f.suffix != ".tf" and f.is_file() and is_template(str(f))]
    else:
        tf = [p] if p.suffix == ".tf" else []
        templates = [] if tf else [p]
    if tf:
        found += _terraform(tf, "", set(), tf[0].parent)
    for t in templates:
        found += _cloudformation(t, "", None, set())
    return found


def _cloudformation(t: Path, prefix: str, given: dict | None, seen: set[Path]) -> list[FoundPolicy]:
    """The policies of one CloudFormation template and of the nested stacks whose templates are local
    files (nested.py), labelled `LOGICAL/` inside them; `given`: the Parameters the parent gives."""
    from verifier.policy.templates.cfn import decode_template, read_cloudformation

    found: list[FoundPolicy] = []
    documents, table, unread = read_cloudformation(str(t), given)
    for label, why, (line, column) in unread:
        empty = Policy(str(t), None, None, (), line, column)
        found.append(FoundPolicy(empty, UNREAD_TYPE, prefix + label, table, why))
    for doc, kind, label, chosen in documents:
        label = prefix + label
        f = _found(doc, kind, label, None, str(t), table)
        if chosen:  # Fn::If: the checks answer over the variants (answers.py); as written it is unknown
            names = ", ".join(name.split("=")[0] for name in chosen[0][0].split(", "))
            f = replace(f, unsupported=f"the policy depends on the template's conditions {names} (Fn::If)",
                        variants=_variants(chosen, kind, label, str(t), table))
        found.append(f)
    for logical, child, parameters in local_children(decode_template(str(t)), str(t)):
        where = child.resolve()
        if where in seen:
            continue
        found += _cloudformation(child, f"{prefix}{logical}/", parameters, seen | {t.resolve(), where})
    return found


def _terraform(files: list[Path], prefix: str, seen: set[Path], root: Path, inputs: dict[str, JValue] | None = None) -> list[FoundPolicy]:
    """The policies of one Terraform module and of the local modules it calls, labelled
    `module.NAME.` inside them; a module's variables are template values like the root's, but those
    its caller gives with values written out (`inputs`), which are those values (`root`: the root
    module's directory, where Terraform runs)."""
    from verifier.policy.templates.terraform import MODULE_TYPE, read_terraform

    documents, table, modules = read_terraform(files, root, inputs)
    found = [_one_copy(_found(doc, kind, prefix + label, why, file, table), one_copy)
             for doc, kind, label, why, file, one_copy in documents]
    for name, directory, given in modules:
        where = directory.resolve()
        if where in seen:
            continue
        if not where.is_dir():
            found.append(_found(None, MODULE_TYPE, f"{prefix}module.{name}",
                                f"module '{name}' is called from {directory}, which is not a directory", str(directory),
                                table))
            continue
        found += _terraform(sorted(where.glob("*.tf")), f"{prefix}module.{name}.", seen | {where}, root, given)
    return found


def _variants(chosen: list[tuple[str, JValue, dict[str, str] | None]], kind: str, label: str, file: str,
              table: SymbolTable) -> tuple[tuple[str, FoundPolicy], ...]:
    """The policy per choice of its conditions; a choice that removes every statement is a policy granting
    nothing (`FoundPolicy.no_statements`), unless every choice does: the policy is then malformed (InputError)."""
    if all(not _statements(d) for _, d, _ in chosen):
        policy_of(chosen[0][1], file)  # raises: no statement whatever the choices
    out = []
    for choice, d, values in chosen:
        if _statements(d):
            out.append((choice, _deployed(_found(d, kind, label, None, file, table), values)))
        else:
            empty = Policy(file, None, None, (), getattr(d, "line", 1), getattr(d, "column", 1))
            out.append((choice, FoundPolicy(empty, kind, label, table, no_statements=True)))
    return tuple(out)


def _statements(doc: JValue) -> bool:
    """`doc` is not an object whose "Statement" is missing or an empty list."""
    if not isinstance(doc, JObject):
        return True
    node = next((v for k, v in doc.pairs if k.value == "Statement"), None)
    return node is not None and not (isinstance(node, JArray) and not node.items)


def _deployed(f: FoundPolicy, values: dict[str, str] | None) -> FoundPolicy:
    """A variant with the parameter values that make its choice of conditions (reachable.py), kept only
    when no such parameter stands in the policy itself (its request could give it another value)."""
    if values is None:
        return f
    written = [f.policy.path] + [s.template for s in f.stand_ins] + _texts(f.policy)
    named = {s.source for text in written for s in f.symbols.in_text(text)}
    return f if named & set(values) else replace(f, chosen_by=tuple(sorted(values.items())))


def _texts(policy: Policy) -> list[str]:
    """Every pattern written in `policy` (resources, principals, condition values)."""
    out = []
    for s in policy.statements:
        for group in (s.actions, s.resources, s.principals):
            out += [getattr(p, "text", getattr(p, "value", "")) for p in group or ()]
        out += [getattr(v, "text", str(v)) for c in s.conditions for v in c.values]
    return out


def _one_copy(f: FoundPolicy, one_copy: OneCopy | None) -> FoundPolicy:
    """`f` unsupported for every check but those a dynamic statement read as one copy answers (OneCopy)."""
    if one_copy is None or f.policy.statements == () and f.unsupported:
        return f
    return replace(f, unsupported=f"{one_copy.why}: only no-public-access and not-granted are answered over it",
                   one_copy=replace(one_copy, vetted=f.unsupported), example=None)


def _found(doc: JValue | None, kind: str, label: str, why: str | None, file: str, table: SymbolTable) -> FoundPolicy:
    empty = Policy(file, None, None, (), getattr(doc, "line", 1), getattr(doc, "column", 1))
    if doc is None or why:
        return FoundPolicy(empty, kind, label, table, why or "the policy document is not written in the template")
    if kind == API_GATEWAY:
        doc = own_api(doc, table, label)
    found = replace(_vetted(doc, kind, label, file, table, empty), example=_example(doc, kind, label, file, table))
    picked = choices(doc, table) if found.unsupported else None
    if picked is None:
        return found
    variants = tuple((", ".join(f"{s.source} = {v!r}" for s, v in values), _found(written(doc, values), kind, label, None, file, table))
                     for values in picked[0])
    return replace(found, choices=Choices(variants, picked[1]))


def _example(doc: JValue, kind: str, label: str, file: str, table: SymbolTable) -> Example | None:
    """The deployment of `doc` with every template value at its example, where that is one (example.py)."""
    written = deployable(doc, table)
    found = _exact(written[0], kind, label, file, table) if written is not None else None
    if found is None or written is None:
        return None
    return Example(found, ", ".join(f"{s.source} = {s.example!r}" for s in written[1]))


def _vetted(doc: JValue, kind: str, label: str, file: str, table: SymbolTable, empty: Policy) -> FoundPolicy:
    vetted, reason, stand_ins = vet(doc, table)
    try:
        policy = policy_of(vetted, file)
    except InputError as error:
        if not _symbol_at(vetted, error.line, error.column):
            raise
        return FoundPolicy(empty, kind, label, table, f"{error.message} (a template value where IAM expects structure)")
    supplied = _version(doc) != _version(vetted)  # vet.supplied_version: validate still reports the written one
    wide = wide_symbols(doc, table) if reason else ()
    if not wide:
        return FoundPolicy(policy, kind, label, table, reason, stand_ins, written_version=_version(doc) if supplied else "")
    plain = wildcard_free_table(table)
    wider = widest(doc, table)
    widest_found = _exact(wider, kind, label, file, plain) if wider is not None else None
    if widest_found is not None and widest_found.policy.is_resource_policy != policy.is_resource_policy:
        widest_found = None  # every Principal was in a dropped Deny: another kind of policy
    whole = widest(doc, table, whole=True)
    whole_found = _exact(whole, kind, label, file, plain) if whole is not None and whole != wider else None
    if whole_found is not None and whole_found.policy.is_resource_policy != policy.is_resource_policy:
        whole_found = None
    readings = Readings(widest_found, _exact(doc, kind, label, file, plain), wide, whole_found)
    return FoundPolicy(policy, kind, label, table, reason, stand_ins, readings, written_version=_version(doc) if supplied else "")


def _version(doc: JValue) -> str | None:
    """The "Version" a document writes (None without one)."""
    pairs = doc.pairs if isinstance(doc, JObject) else ()
    return next((v.value for k, v in pairs if k.value == "Version" and isinstance(v, JString)), None)


def _exact(doc: JValue, kind: str, label: str, file: str, table: SymbolTable) -> FoundPolicy | None:
    """The policy of `doc` with `table`'s symbols, or None where it cannot be checked exactly."""
    vetted, reason, stand_ins = vet(doc, table)
    if reason:
        return None
    try:
        policy = policy_of(vetted, file)
    except InputError:
        return None
    return FoundPolicy(policy, kind, label, table, None, stand_ins)


def _symbol_at(node: JValue, line: int, column: int) -> bool:
    """Does a string holding a symbol sit at line:column under `node`?"""
    if isinstance(node, JArray):
        return any(_symbol_at(i, line, column) for i in node.items)
    if isinstance(node, JObject):
        return any(_symbol_at(v, line, column) for _, v in node.pairs)
    return isinstance(node, JString) and (node.line, node.column) == (line, column) and bool(REFERENCE.search(node.value))
