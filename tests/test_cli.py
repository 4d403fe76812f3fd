"""The command-line contract: exit codes, one-line errors, JSON shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from verifier.errors import InputError

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


# ---------------------------------------------- one contract for unsupported code


@pytest.mark.parametrize("name, source", [
    ("mixed.c", "#define HALF(x) ((x) / 2)\n\n"
                "int half(int a) { return HALF(a); }\n"
                "int area(int a) {\n  double side = a;\n  return (int)(side * side);\n}\n"),
    ("mixed.py", "import math\nclass Point:\n    x: int = 0\n\n"
                 "def half(a: int) -> int:\n    return a // 2\n\n"
                 "def area(a: int) -> int:\n    p = Point()\n    return math.floor(a)\n"),
], ids=["c-double", "python-class-and-import"])
def test_constructs_outside_the_subset_are_unknown_and_the_other_functions_answered(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(source)
    p = verify("prove", "--format", "json", "--no-cache", str(path))
    assert p.returncode == 3, p.stderr
    results = json.loads(p.stdout)["results"]
    half = [r for r in results if r["target"].endswith(":half")]
    area = [r for r in results if r["target"].endswith(":area")]
    assert half and all(r["verdict"] == "yes" for r in half)
    assert area and all(r["verdict"] == "unknown" and r["reason"].startswith("unsupported: ") for r in area)


# ------------------------------------------------------- input error messages


def test_long_source_excerpts_are_shortened_in_messages():
    err = InputError("t.c", 1, 5, f"unsupported construct: integer constant '{'9' * 5000}' is too large")
    assert len(str(err)) < 160 and str(err).startswith("t.c:1:5: error: unsupported construct: integer constant '999")
    assert InputError("t.c", 1, 1, "unexpected 'x'").message == "unexpected 'x'"


def _make_symlink_loop(tmp_path: Path) -> Path:
    (tmp_path / "a.c").symlink_to(tmp_path / "b.c")
    (tmp_path / "b.c").symlink_to(tmp_path / "a.c")
    return tmp_path / "a.c"


@pytest.mark.parametrize("name, content, where, message", [
    ("blob.c", b"int f(int x) {\n  return x;\0\x01\n}\n", ":2:12:", "binary file (contains a NUL byte)"),
    ("none.c", b"int x = 1;\n", ":1:1:", "no function definitions"),
    ("none.py", b"x = 1\n", ":1:1:", "no function definitions"),
    ("open.c", b"int f(int x) {\n  return x;\n}\n/* not closed\nint g() { return 1; }\n", ":4:1:",
     "unterminated comment ('/*' without a closing '*/')"),
    pytest.param("alias.py", b"type Num = int\n\ndef f(x: int) -> int:\n    return x\n", ":1:1:",
                 "a 'type' alias statement needs Python 3.12",
                 marks=pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12 compiles it")),
    ("loop.c", None, ": error: symbolic link loop", ""),
], ids=["binary", "no-functions-c", "no-functions-py", "unterminated-comment", "type-alias", "symlink-loop"])
def test_input_errors_are_one_accurate_positioned_line(tmp_path, name, content, where, message):
    if content is None:
        path = _make_symlink_loop(tmp_path)
    else:
        path = tmp_path / name
        path.write_bytes(content)
    p = verify("prove", "--no-cache", str(path))
    assert p.returncode == 2, p.stdout
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}{where}") and message in lines[0], lines


def test_a_python_file_with_a_pep_263_coding_line_is_decoded_as_python_does(tmp_path):
    path = tmp_path / "latin1.py"
    path.write_bytes("# -*- coding: latin-1 -*-\n# d\xe9j\xe0 vu\ndef half(a: int) -> int:\n"
                     "    return a // 2\n".encode("latin-1"))
    p = verify("prove", "--no-cache", str(path))
    assert p.returncode == 0 and "yes" in p.stdout, p.stderr


def test_the_source_excerpt_of_a_long_line_is_the_part_around_the_column(tmp_path):
    from verifier.report import source_excerpt

    path = tmp_path / "long.c"
    path.write_text("x" * 100_000 + "@" + "y" * 100_000 + "\n")
    text, caret = source_excerpt(str(path), 1, 100_001).splitlines()
    assert len(text) < 150 and text[caret.index("^")] == "@"


def test_equiv_names_a_symbolic_link_loop(tmp_path):
    loop = _make_symlink_loop(tmp_path)
    other = tmp_path / "other.c"
    other.write_text("int f(int x) { return x; }\n")
    p = verify("equiv", f"{loop}:f", f"{other}:f")
    assert p.returncode == 2 and p.stderr.strip() == (f"{loop}: error: symbolic link loop "
                                                      "(too many levels of symbolic links)")
