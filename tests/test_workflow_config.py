"""[tool.verify] in pyproject.toml: keys, the unknown-key error, command line winning, accepted findings."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from verifier.config import load_config, matches_any
from verifier.errors import InputError

SAFE_C = "void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n"
AVERAGE_C = "int average(int a, int b) {\n    return (a + b) / 2;\n}\n"


def verify(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verifier.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def test_unknown_key_is_an_error_naming_key_file_and_line(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [project]
        name = "demo"

        [tool.verify]
        timeout = 5
        timout = 10
    """)
    write(tmp_path / "f.c", SAFE_C)
    p = verify("prove", "f.c", cwd=tmp_path)
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == [
        "pyproject.toml:6:1: error: unknown key 'timout' in [tool.verify] (did you mean 'timeout'?)"]


@pytest.mark.parametrize("line, message", [
    ('timeout = "fast"', "[tool.verify] timeout: expected a number of seconds >= 0.1, got 'fast'"),
    ('int-semantics = "saturate"',
     "[tool.verify] int-semantics: expected \"bv\", \"math\" or \"wrap\", got 'saturate'"),
    ('checks = ["assert", "nope"]', "[tool.verify] checks: unknown check 'nope'"),
    ("jobs = 0", "[tool.verify] jobs: expected a positive integer or \"auto\", got 0"),
    ('accept = ["f.c"]', "[tool.verify] accept: expected \"FILE:CHECK\" or \"FILE:LINE:CHECK\", got 'f.c'"),
    ('accept = [{ file = "f.c", chek = "assert" }]', "unknown key 'chek' in an accepted finding"),
], ids=["timeout-type", "semantics", "check-name", "jobs", "accept-string", "accept-key"])
def test_bad_values_name_the_key_and_its_line(tmp_path, line, message):
    write(tmp_path / "pyproject.toml", f"[tool.verify]\ncache = true\n{line}\n")
    with pytest.raises(InputError) as caught:
        load_config(tmp_path)
    assert caught.value.line == 3 and caught.value.path.endswith("pyproject.toml")
    assert message in caught.value.message


def test_invalid_toml_is_reported_with_its_position(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.verify]\ntimeout = = 3\n")
    with pytest.raises(InputError) as caught:
        load_config(tmp_path)
    assert caught.value.line == 2 and "invalid TOML" in caught.value.message


def test_nearest_pyproject_with_a_verify_table_wins_and_roots_the_globs(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.verify]\ntimeout = 3\nexclude = ["vendor"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "sub"\n')  # no [tool.verify]: skipped
    config = load_config(tmp_path / "sub")
    assert config.timeout == 3.0 and config.root == tmp_path
    assert not config.selects(tmp_path / "vendor" / "lib" / "x.c")
    assert config.selects(tmp_path / "sub" / "x.c")


@pytest.mark.parametrize("path, patterns, expected", [
    ("src/a.c", ("*.c",), True),
    ("src/deep/a.c", ("src/**/*.c",), True),
    ("src/a.c", ("src/**/*.c",), True),
    ("lib/a.c", ("src/**/*.c",), False),
    ("vendor/z/a.c", ("vendor",), True),
    ("iam/policies/s3.json", ("**/*polic[yi]*/**/*.json",), True),
    ("bucket-policy.json", ("*polic[yi]*.json",), True),
    ("package.json", ("*polic[yi]*.json", "**/*polic[yi]*/**/*.json"), False),
])
def test_globs(path, patterns, expected):
    assert matches_any(path, patterns) is expected


def test_config_supplies_options_and_the_command_line_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.verify]\nchecks = ["div"]\ntimeout = 7\n')
    write(tmp_path / "avg.c", AVERAGE_C)
    p = verify("prove", "avg.c", "--format", "json", "--no-cache", cwd=tmp_path)
    doc = json.loads(p.stdout)
    assert {r["check"] for r in doc["results"]} == {"div-by-zero"}  # overflow is not selected
    assert p.returncode == 0
    p = verify("prove", "avg.c", "--format", "json", "--no-cache", "--check", "overflow", cwd=tmp_path)
    doc = json.loads(p.stdout)
    assert {r["check"] for r in doc["results"]} == {"overflow"} and p.returncode == 1


def test_include_and_exclude_select_files_of_a_directory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.verify]\ninclude = ["src/**/*.c"]\nexclude = ["src/generated"]\n')
    write(tmp_path / "src" / "ok.c", SAFE_C)
    write(tmp_path / "src" / "generated" / "bad.c", AVERAGE_C)
    write(tmp_path / "tools" / "bad.c", AVERAGE_C)
    write(tmp_path / "script.py", "def f(x):\n    return 1 // x\n")
    p = verify("prove", ".", "--format", "json", cwd=tmp_path)
    doc = json.loads(p.stdout)
    assert {r["target"] for r in doc["results"]} == {"src/ok.c:f"}
    assert p.returncode == 0


def test_accepted_finding_is_reported_but_does_not_fail(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [tool.verify]
        accept = [
            { file = "avg.c", check = "overflow", line = 2, reason = "callers pass small values" },
        ]
    """)
    write(tmp_path / "avg.c", AVERAGE_C)
    p = verify("prove", "avg.c", "--format", "json", cwd=tmp_path)
    doc = json.loads(p.stdout)
    assert p.returncode == 0, p.stdout
    bug = next(r for r in doc["results"] if r["verdict"] == "no")
    assert bug["accepted"]["reason"] == "callers pass small values"
    assert bug["counterexample"]["confirmed"]  # still shown in full
    assert doc["verdict"] == "yes" and doc["accepted"] == 1 and doc["summary"]["no"] == 1
    text = verify("prove", "avg.c", cwd=tmp_path)
    assert text.returncode == 0 and "accepted: 1 finding(s)" in text.stdout and "callers pass small" in text.stdout


def test_accepted_string_form_with_another_line_does_not_match(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.verify]\naccept = ["avg.c:9:overflow"]\n')
    write(tmp_path / "avg.c", AVERAGE_C)
    p = verify("prove", "avg.c", "--format", "json", cwd=tmp_path)
    assert p.returncode == 1
    assert all("accepted" not in r for r in json.loads(p.stdout)["results"])
