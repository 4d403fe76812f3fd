"""cvc5's re-check writes nothing on the user's terminal: its parser warned once per let-bound name that z3's
printer reuses inside a quantifier ("Constructing a fresh variable for k!50 ..."), a dozen lines under an answer."""

import subprocess
import sys

SOURCE = """\
def count(a: list[int]) -> int:
    return len(a)


def count_sorted(a: list[int]) -> int:
    return len(sorted(a))
"""


def test_a_proof_whose_obligations_rebind_names_prints_only_the_report(tmp_path):
    (tmp_path / "m.py").write_text(SOURCE)
    done = subprocess.run([sys.executable, "-m", "verifier.cli", "equiv", "--timeout", "20", "m.py:count",
                           "m.py:count_sorted"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "yes: 1 yes" in done.stdout
    assert done.stderr == ""
