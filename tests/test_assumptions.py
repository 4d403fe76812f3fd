"""A yes that rests on the C frontend's convention (distinct pointer parameters designate distinct
objects) says so, in the text report and the JSON output; a yes that rests on none says nothing."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import assert_proved
from verifier.assumptions import DISTINCT_POINTERS

TWO_POINTERS = """
    #include <assert.h>
    void set_both(int *a, int *b) { *a = 1; *b = 2; assert(*a == 1); }
"""


def test_a_yes_about_two_pointer_parameters_states_that_they_designate_distinct_objects(tmp_path):
    r = assert_proved(tmp_path, TWO_POINTERS, "assert")
    assert r.certificate.assumes == DISTINCT_POINTERS
    assert r.certificate.to_json()["assumes"] == DISTINCT_POINTERS


def test_a_yes_about_one_pointer_parameter_rests_on_no_convention(tmp_path):
    r = assert_proved(tmp_path, """
        #include <assert.h>
        void set(int *a, int n) { if (n > 0) { a[0] = 1; assert(a[0] == 1); } }
    """, "assert")
    assert r.certificate.assumes == ""
    assert "assumes" not in r.certificate.to_json()


def test_the_text_report_prints_the_assumption_under_the_certificate(tmp_path):
    (tmp_path / "both.c").write_text(TWO_POINTERS)
    out = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "both.c", "--check", "assert",
                          "--no-cache"], capture_output=True, text=True, cwd=tmp_path, timeout=120).stdout
    lines = out.splitlines()
    yes = next(i for i, line in enumerate(lines) if "yes" in line and "assert" in line)
    assert lines[yes + 2].strip() == f"assuming {DISTINCT_POINTERS}", out


def test_a_termination_yes_over_two_pointers_states_the_convention_it_rests_on(tmp_path):
    from verifier.load import load_program
    from verifier.terminating import termination_result

    path = tmp_path / "copy.c"
    path.write_text("void copy(int *a, int *b, int n) { for (int i = 0; i < n; i++) a[i] = b[i]; }\n")
    result = termination_result(load_program(str(path)), "copy", timeout=20)
    assert result.verdict.value == "yes", result.reason
    assert result.certificate.assumes == DISTINCT_POINTERS
