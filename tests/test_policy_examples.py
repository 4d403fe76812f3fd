"""examples/policies/README.md states each example's answer; the command line gives it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli_policy import policy

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "policies"
LINES = re.findall(r"^- `verify policy (.+?)`: (yes|no).*\[(\d)\]$", (EXAMPLES / "README.md").read_text(), re.M)


@pytest.mark.parametrize("command, verdict, code", LINES, ids=[c for c, _, _ in LINES])
def test_example_answers_as_documented(monkeypatch, command, verdict, code):
    monkeypatch.chdir(EXAMPLES)
    result = CliRunner().invoke(policy, [*shlex.split(command), "--format", "json"])
    assert result.exit_code == int(code), result.output
    assert f'"verdict": "{verdict}"' in result.stdout


def test_every_example_is_documented():
    documented = {word for command, _, _ in LINES for word in shlex.split(command) if word.endswith(".json")}
    assert documented == {p.name for p in EXAMPLES.glob("*.json")}
