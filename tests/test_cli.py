"""The command-line contract: exit codes, one-line errors, JSON shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def verify(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verifier.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.mark.parametrize("content, where, message", [
    ("int main( { return 0 }\n", ":1:", "error:"),
    ("int f(int x) {\n  return x +;\n}\n", ":2:", "error:"),
    ("", ":1:1:", "empty file"),
], ids=["syntax", "missing-operand", "empty"])
def test_bad_c_input_is_one_line_with_position_and_exit_2(tmp_path, content, where, message):
    path = tmp_path / "bad.c"
    path.write_text(content)
    p = verify("prove", str(path))
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(path) + where) and message in lines[0]


def test_missing_file_exits_2(tmp_path):
    p = verify("prove", str(tmp_path / "nope.c"))
    assert p.returncode == 2 and "no such file" in p.stderr and "Traceback" not in p.stderr


def test_binary_file_exits_2(tmp_path):
    path = tmp_path / "blob.c"
    path.write_bytes(b"\x7fELF\x00\x01\x02")
    p = verify("prove", str(path))
    assert p.returncode == 2 and "binary" in p.stderr


def test_python_syntax_error_exits_2(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text("def f(x)\n    return x\n")
    p = verify("prove", str(path))
    assert p.returncode == 2 and p.stderr.startswith(f"{path}:1:") and "Traceback" not in p.stderr


def test_unknown_check_name_is_a_usage_error(tmp_path):
    p = verify("prove", "--check", "bogus", str(EXAMPLES / "f.c"))
    assert p.returncode == 2 and "unknown check 'bogus'" in p.stderr


def test_json_contract_and_exit_code_for_a_no():
    p = verify("prove", "--format", "json", str(EXAMPLES / "average.c"), "--function", "average")
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert doc["verdict"] == "no"
    assert set(doc["summary"]) == {"yes", "no", "unknown", "total"}
    bug = next(r for r in doc["results"] if r["verdict"] == "no")
    assert bug["check"] == "overflow" and bug["location"]["line"] == 5
    assert bug["counterexample"]["confirmed"] is True
    a, b = bug["counterexample"]["inputs"]["a"], bug["counterexample"]["inputs"]["b"]
    assert not -(2**31) <= a + b < 2**31
    for key in ("check", "target", "location", "verdict", "reason", "counterexample", "certificate", "engine", "time_s"):
        assert key in bug


def test_all_yes_exits_0_with_certificate():
    p = verify("prove", "--format", "json", str(EXAMPLES / "f.c"))
    assert p.returncode == 0
    doc = json.loads(p.stdout)
    assert doc["verdict"] == "yes"
    assert doc["results"][0]["certificate"]["checked_by"] == ["z3", "cvc5"]


def test_unknown_exits_3_and_names_the_undefined_call():
    p = verify("prove", "--format", "json", str(EXAMPLES / "h.c"))
    assert p.returncode == 3
    doc = json.loads(p.stdout)
    assert all("call to undefined function halts" in r["reason"] for r in doc["results"])


def test_text_report_shows_counterexample_table_and_source():
    p = verify("prove", str(EXAMPLES / "ratio.c"))
    assert p.returncode == 1
    assert "✗ no" in p.stdout and "div-by-zero" in p.stdout
    assert "return part * 100 / total;" in p.stdout
    assert "confirmed" in p.stdout


def test_version():
    p = verify("--version")
    assert p.returncode == 0 and "verify" in p.stdout
