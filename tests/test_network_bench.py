"""The bench corpus of network templates (bench/network/) answers as its manifest says (answers only, not time)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
spec = importlib.util.spec_from_file_location("bench_network", BENCH / "bench_network.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
QUESTIONS = json.loads((BENCH / "network" / "manifest.json").read_text())["questions"]


def test_the_corpus_has_at_least_thirty_templates_each_asked_about():
    templates = {p.name for p in (BENCH / "network").iterdir() if p.suffix in (".yaml", ".tf")}
    asked = {q.get("template") for q in QUESTIONS} | {q.get("old") for q in QUESTIONS} | {q.get("new") for q in QUESTIONS}
    assert len(templates) >= 30 and templates <= asked


@pytest.mark.parametrize("entry", QUESTIONS, ids=bench.label)
def test_each_bench_question_gets_its_expected_answer(entry):
    assert bench.answer(entry) == bench.expected(entry)
