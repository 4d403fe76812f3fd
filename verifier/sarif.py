"""Render results as SARIF 2.1.0, for code-scanning tools (GitHub code scanning among them).

One run; the tool's rules are the checks of `registry.CHECKS` (id = check
name, e.g. ``overflow``, ``policy-no-public-access``). Levels: a no is an
``error``, an unknown a ``warning`` (the reason in the message), a vacuous yes
a ``note`` (a proof about unreachable code must not pass silently); a plain
yes is not a finding and is left out, but counted in the run's properties.
The message of a no carries the counterexample (inputs, nondeterministic
values, or the request and each policy's decision), and its trace becomes a
code flow. Locations are relative to ``%SRCROOT%`` (the current directory)
when they lie below it, with 1-based ``startLine``/``startColumn``. A finding
accepted in ``[tool.verify] accept`` carries an external suppression with its
justification.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .registry import CHECKS
from .result import Result, Verdict, summary

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


def render_sarif(results: list[Result]) -> str:
    """The SARIF log of `results`, as JSON text."""
    return json.dumps(to_sarif(results), indent=2)


def to_sarif(results: list[Result]) -> dict[str, Any]:
    """The SARIF log of `results`, as a JSON-ready dict."""
    from .report import sort_results

    ordered = sort_results(results)
    rules, index = _rules(ordered)
    findings = [_result(r, index) for r in ordered if r.verdict != Verdict.YES or r.vacuous]
    root = Path.cwd()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "verify", "version": _version(), "semanticVersion": _version(),
                                "rules": rules}},
            "invocations": [{"executionSuccessful": True}],
            "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": findings,
            "properties": {"summary": summary(ordered)},
        }],
    }


def _rules(results: list[Result]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    ids = list(CHECKS)
    ids += sorted({r.check for r in results} - set(ids))
    rules = []
    for rule_id in ids:
        text = CHECKS.get(rule_id, rule_id)
        rules.append({
            "id": rule_id,
            "name": "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-")),
            "shortDescription": {"text": text},
            "fullDescription": {"text": f"verify answers yes (proved), no (with a counterexample that was "
                                        f"replayed) or unknown (with the reason) for: {text}."},
            "defaultConfiguration": {"level": "error"},
            "help": {"text": f"A 'no' for this rule means {text}; the result's message gives a concrete "
                             "counterexample. An 'unknown' is reported as a warning with its reason."},
            "properties": {"tags": ["verification", "correctness"]},
        })
    return rules, {rule["id"]: i for i, rule in enumerate(rules)}


def _result(r: Result, index: dict[str, int]) -> dict[str, Any]:
    level = {"no": "error", "unknown": "warning", "yes": "note"}[r.verdict.value]
    out: dict[str, Any] = {
        "ruleId": r.check,
        "ruleIndex": index[r.check],
        "level": level,
        "message": {"text": _message(r)},
        "locations": [_location(r.location.file, r.location.line, r.location.column)],
        "partialFingerprints": {"verifyFinding/v1": _fingerprint(r)},
        "properties": _properties(r),
    }
    cex = r.counterexample
    steps = [s for s in (cex.trace if cex else []) if s.line > 0]
    if steps:
        out["codeFlows"] = [{"threadFlows": [{"locations": [
            {"location": {**_location(r.location.file, s.line, 0),
                          "message": {"text": ", ".join(f"{k} = {v}" for k, v in s.values.items()) or "(no state)"}}}
            for s in steps]}]}]
    if r.accepted is not None:
        out["suppressions"] = [{"kind": "external", "status": "accepted",
                                "justification": r.accepted.reason or "accepted in [tool.verify]"}]
    return out


def _message(r: Result) -> str:
    what = r.message or CHECKS.get(r.check, r.check)
    where = f" in {r.target}" if r.target else ""
    if r.verdict == Verdict.NO:
        text = f"{r.check}{where}: {what}."
        if r.counterexample is not None:
            text += " " + _counterexample_text(r)
        return text
    if r.verdict == Verdict.UNKNOWN:
        return f"{r.check}{where}: don't know ({r.reason or 'no reason given'}). Check: {what}."
    return f"{r.check}{where}: proved, but vacuously: no input reaches this check ({what})."


def _counterexample_text(r: Result) -> str:
    cex = r.counterexample
    assert cex is not None
    status = "confirmed by replay" if cex.confirmed else "NOT confirmed by replay"
    parts = []
    if cex.inputs:
        parts.append("inputs " + ", ".join(f"{k} = {v}" for k, v in cex.inputs.items()))
    if cex.nondet:
        from .report import nondet_rows

        shown = [f"{label} = {value}" for label, value in nondet_rows(cex) if label is not None]
        parts.append("nondeterministic values " + (", ".join(shown) or "(none read)"))
    if cex.request:
        parts.append("request " + ", ".join(f"{k} = {_short(v)}" for k, v in cex.request.items()))
    if cex.decisions:
        parts.append("decisions " + ", ".join(f"{k}: {v}" for k, v in cex.decisions.items()))
    if cex.outputs:
        parts.append("outputs " + ", ".join(f"{k} = {_short(v)}" for k, v in cex.outputs.items()))
    body = "; ".join(parts) or "(no inputs)"
    text = f"Counterexample ({status}): {body}."
    if cex.replay:
        text += f" Replay: {cex.replay}."
    return text


def _short(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)


def _location(file: str, line: int, column: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(file)}
    region: dict[str, Any] = {"startLine": max(line, 1)}
    if line > 0 and column > 0:
        region["startColumn"] = column
    physical["region"] = region
    return {"physicalLocation": physical}


def _artifact(file: str) -> dict[str, Any]:
    absolute = Path(os.path.abspath(file))
    try:
        rel = absolute.relative_to(Path.cwd())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(rel.as_posix()), "uriBaseId": SRCROOT}


def _properties(r: Result) -> dict[str, Any]:
    props: dict[str, Any] = {"verdict": r.verdict.value, "target": r.target}
    for name in ("reason", "engine"):
        if getattr(r, name):
            props[name] = getattr(r, name)
    if r.vacuous:
        props["vacuous"] = True
    if r.counterexample is not None:
        props["counterexample"] = r.counterexample.to_json()
    if r.certificate is not None:
        props["certificate"] = r.certificate.to_json()
    return props


def _fingerprint(r: Result) -> str:
    text = "\0".join((r.check, r.target, r.message, str(r.location.column)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _version() -> str:
    from . import __version__

    return __version__
