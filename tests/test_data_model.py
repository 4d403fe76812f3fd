"""`--data-model ILP32|LP64` (and `data-model` in [tool.verify]): `long` is 32
bits under ILP32, answers follow it, and the gcc replay harness (a 64-bit
gcc) runs the program with ILP32's `long`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from verifier.config import load_config
from verifier.crosscheck.ilp32 import narrow_longs
from verifier.crosscheck.replay_c import CReplayer
from verifier.equivalence import equiv
from verifier.errors import InputError
from verifier.frontends.c import parse_c
from verifier.result import Verdict

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")

#: overflows at 2^31 under ILP32 only
DOUBLING_C = "long twice(int a) {\n    long b = a;\n    return b + b;\n}\n"


def verify(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verifier.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


@needs_gcc
def test_long_overflow_at_2_31_depends_on_the_data_model(tmp_path):
    write(tmp_path / "d.c", DOUBLING_C)
    lp64 = verify("prove", "d.c", "--format", "json", "--no-cache", "--check", "overflow", cwd=tmp_path)
    assert lp64.returncode == 0 and json.loads(lp64.stdout)["verdict"] == "yes"
    ilp32 = verify("prove", "d.c", "--format", "json", "--no-cache", "--check", "overflow",
                   "--data-model", "ILP32", cwd=tmp_path)
    assert ilp32.returncode == 1, ilp32.stdout + ilp32.stderr
    [result] = json.loads(ilp32.stdout)["results"]
    assert result["verdict"] == "no" and result["location"]["line"] == 3
    assert result["counterexample"]["confirmed"]  # the 64-bit gcc harness ran it with a 32-bit long
    a = result["counterexample"]["inputs"]["a"]
    assert not -2**31 <= 2 * a < 2**31


def test_config_data_model_and_the_command_line_winning(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.verify]\ndata_model = "ILP32"\n')
    write(tmp_path / "d.c", DOUBLING_C)
    assert load_config(tmp_path).data_model == "ILP32"
    # with the cache on: an answer under one data model is never reused under the other
    from_config = verify("prove", "d.c", "--format", "json", "--check", "overflow", cwd=tmp_path)
    assert json.loads(from_config.stdout)["verdict"] == "no"
    overridden = verify("prove", "d.c", "--format", "json", "--check", "overflow",
                        "--data-model", "lp64", cwd=tmp_path)
    assert json.loads(overridden.stdout)["verdict"] == "yes" and overridden.returncode == 0


def test_config_data_model_spellings_and_bad_value(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.verify]\ndata-model = "ilp32"\n')
    assert load_config(tmp_path).data_model == "ILP32"
    write(tmp_path / "pyproject.toml", '[tool.verify]\ncache = true\ndata-model = "LP32"\n')
    with pytest.raises(InputError) as caught:
        load_config(tmp_path)
    assert caught.value.line == 3 and "data-model: expected \"LP64\" or \"ILP32\", got 'LP32'" in caught.value.message


def test_a_bad_data_model_option_is_a_usage_error(tmp_path):
    write(tmp_path / "d.c", DOUBLING_C)
    p = verify("terminates", "d.c", "--data-model", "LP32", cwd=tmp_path)
    assert p.returncode == 2 and "LP32" in p.stderr and "Traceback" not in p.stderr


@needs_gcc
def test_terminates_follows_the_data_model(tmp_path):
    # a 32-bit unsigned long is always below 2^32: the counter wraps around forever
    write(tmp_path / "t.c", """
        int f(void) {
            unsigned long i = 0;
            while (i < 4294967296ULL) {
                i = i + 1;
            }
            return 0;
        }
    """)
    verdicts = {}
    for model in ("LP64", "ILP32"):
        p = verify("terminates", "t.c", "--format", "json", "--no-cache", "--data-model", model, cwd=tmp_path)
        [r] = json.loads(p.stdout)["results"]
        verdicts[model] = r["verdict"]
        if r["verdict"] == "no":
            assert r["counterexample"]["confirmed"]
    assert verdicts == {"LP64": "yes", "ILP32": "no"}


@needs_gcc
def test_equiv_follows_the_data_model(tmp_path):
    a = write(tmp_path / "a.c", DOUBLING_C.replace("twice", "f"))
    b = write(tmp_path / "b.py", "def f(a: int) -> int:\n    return a + a\n")
    [same] = equiv(str(a), str(b), timeout=10.0)
    assert same.verdict == Verdict.YES, same.reason
    [differ] = equiv(str(a), str(b), timeout=10.0, data_model="ILP32")
    assert differ.verdict == Verdict.NO and differ.counterexample.confirmed


def test_narrowing_keeps_long_long_lines_and_columns():
    src = ("unsigned long a = 4294967295UL; long int b = 1L; long long c = 5LL;\n"
           "/* long */ char *s = \"long 1L\"; unsigned long long d = 7ull; long\nunsigned e;\n")
    out = narrow_longs(src)
    assert out[out.index("unsigned"):].splitlines() == [
        "unsigned int  a = 4294967295U ;      int b = 1 ; long long c = 5LL;",
        "/* long */ char *s = \"long 1L\"; unsigned long long d = 7ull; int ",
        "unsigned e;",
    ]
    assert "#define LONG_MAX 2147483647" in out


def test_narrowing_gives_size_t_32_bits_unless_the_file_defines_it():
    assert "#define size_t unsigned int" in narrow_longs("size_t n;")
    assert "#define size_t" not in narrow_longs("typedef unsigned long size_t; size_t n;")


@needs_gcc
def test_the_ilp32_harness_computes_with_a_32_bit_long():
    src = ("#include <stddef.h>\nvoid f(unsigned long x) {\n"
           "  unsigned long y = x + 1UL;\n"
           "  __VERIFIER_assert(y != 0 && sizeof(size_t) == 8 && LONG_MAX > 2147483647L);\n}\n")
    for model, fails in (("LP64", False), ("ILP32", True)):
        replayer = CReplayer(parse_c(src, "h.c", "bv", model), "f")
        observed = replayer.run({"x": 4294967295}, [])
        assert observed.feasible and (observed.kind == "assert") == fails, (model, observed.describe())
