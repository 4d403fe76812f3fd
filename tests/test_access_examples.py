"""examples/access/README.md states each snapshot question's answer; the command line gives it."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli_policy import policy

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "access"
LINES = re.findall(r"^- `verify policy (.+?)`: (yes|no).*\[(\d)\]$", (EXAMPLES / "README.md").read_text(), re.M)


@pytest.mark.parametrize("command, verdict, code", LINES, ids=[c[:90] for c, _, _ in LINES])
def test_example_answers_as_documented(monkeypatch, command, verdict, code):
    monkeypatch.chdir(EXAMPLES)
    result = CliRunner().invoke(policy, [*shlex.split(command), "--format", "json", "--timeout", "120"])
    assert result.exit_code == int(code), result.output
    doc = json.loads(result.stdout)
    assert doc["verdict"] == verdict
    for r in doc["results"]:
        if r["verdict"] == "no":  # every no carries its request, replayed by the concrete evaluator
            assert r["counterexample"]["confirmed"] and r["counterexample"]["request"]["action"]


def test_every_example_snapshot_is_documented():
    documented = {shlex.split(c)[shlex.split(c).index("--snapshot") + 1].split("/")[0] if "--snapshot" in c
                  else shlex.split(c)[1] for c, _, _ in LINES}
    assert documented == {p.name for p in EXAMPLES.iterdir() if p.is_dir() and not p.name.startswith(".")}
