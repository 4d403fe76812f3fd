"""The template corpus of bench/bench_templates.py keeps its recorded answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verifier.policy.evaluator import decide
from verifier.policy.templates import answer_template, load_template
from verifier.policy.templates.admissible import guarded

from tests.policy_witness import request_of

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "templates"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text())


def target(template: str) -> str:
    path = CORPUS / template
    return str(path.parent if path.suffix == ".tf" else path)


def test_every_policy_of_the_corpus_is_found_as_its_resource_type():
    templates = sorted({e["template"] for e in MANIFEST})
    assert len(templates) >= 40
    assert {e["public"] for e in MANIFEST} == {True, False, None}  # None: the template cannot tell (a nested stack)
    for template in templates:
        found = {f.label: f.resource_type for f in load_template(target(template))}
        recorded = {e["policy"]: e["resource_type"] for e in MANIFEST if e["template"] == template}
        assert found == recorded, template


def sample() -> list[dict]:
    """One policy per resource type, public and not public by turns."""
    by_type: dict[str, list[dict]] = {}
    for e in MANIFEST:
        by_type.setdefault(e["resource_type"], []).append(e)
    out = []
    for i, (_, entries) in enumerate(sorted(by_type.items())):
        wanted = [e for e in entries if e["public"] == (i % 2 == 0)] or entries
        out.append(wanted[0])
    return out


@pytest.mark.parametrize("entry", sample(), ids=lambda e: e["resource_type"])
def test_a_sample_of_the_corpus_answers_as_recorded(entry):
    results, error = answer_template(target(entry["template"]), "no-public-access", {"timeout": 10.0})
    assert error is None
    result = next(r for r in results if r.target.endswith(": " + entry["policy"]))
    want = "unknown" if entry["public"] is None else "no" if entry["public"] else "yes"
    assert result.verdict.value == want, (entry, result.reason, result.message)
    if entry["public"]:  # the witness is a request the policy allows (concrete evaluator)
        found = next(f for f in load_template(target(entry["template"])) if f.label == entry["policy"])
        assert decide(guarded(found.policy, found.symbols), request_of(result.counterexample.request)).allowed
