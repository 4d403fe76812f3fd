"""A C replay harness build compiles only the user's unit: the runtime is an object compiled once."""

from __future__ import annotations

import shutil

import pytest

from verifier.crosscheck import c_harness

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is not installed")


def test_the_runtime_object_is_built_once_per_flags_and_harnesses_link_it(tmp_path):
    gcc = shutil.which("gcc")
    plain = c_harness.runtime_object(gcc, c_harness.GCC_FLAGS, str(tmp_path))
    assert plain is not None and plain == c_harness.runtime_object(gcc, c_harness.GCC_FLAGS, str(tmp_path))
    memory = c_harness.runtime_object(gcc, c_harness.GCC_FLAGS + c_harness.MEMORY_FLAGS, str(tmp_path))
    assert memory is not None and memory != plain
    harness = c_harness.with_main(
        "#include <stdlib.h>\nint f(int x) { int *a = malloc(3 * sizeof(int)); a[x] = 1; free(a); return 100 / x; }\n",
        "int main(int argc, char **argv) { return f(atoi(argv[1])); }\n")
    binary, error = c_harness.compile_harness(harness, memory=True)
    assert binary is not None, error
    for arg, kind in (("3", "bounds"), ("0", "div-by-zero")):  # AddressSanitizer and UBSan both work
        run = c_harness.run_harness(binary, [arg], 10.0)
        assert c_harness.classify(run.returncode, run.stderr.decode()).kind == kind
    assert c_harness.run_harness(binary, ["2"], 10.0).returncode == 50
