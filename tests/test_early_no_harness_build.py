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


def test_a_harness_another_thread_or_process_is_building_is_waited_for_not_compiled_again(monkeypatch):
    """(a concurrent `verify`, a batch's other worker)"""
    import threading
    import time
    import uuid

    harness = c_harness.with_main(f"/* {uuid.uuid4()} */\nint f(int x) {{ return x + 1; }}\n",
                                  "int main(int argc, char **argv) { return f(argc) - 2; }\n")
    real = c_harness.run_to_file
    builds: list[str] = []
    first_started = threading.Event()

    def slow_build(cmd, timeout):
        if "-o" in cmd and "-c" not in cmd:  # a harness build (not the runtime object, not --version)
            builds.append(threading.current_thread().name)
            first_started.set()
            time.sleep(0.3)
        return real(cmd, timeout)

    monkeypatch.setattr(c_harness, "run_to_file", slow_build)
    got: dict[str, tuple] = {}

    def compile_as(name: str) -> None:
        got[name] = c_harness.compile_harness(harness)

    first = threading.Thread(target=compile_as, args=("first",), name="first")
    first.start()
    assert first_started.wait(60)
    second = threading.Thread(target=compile_as, args=("second",), name="second")
    second.start()
    first.join()
    second.join()
    assert builds == ["first"] and got["first"] == got["second"] and got["first"][0] is not None
    assert c_harness.run_harness(got["first"][0], [], 10.0).returncode == 0
