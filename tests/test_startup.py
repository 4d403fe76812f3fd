"""Start-up: each command imports only what it needs (timings are in bench/bench_startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import verifier
from verifier.cache import tool_fingerprint

#: slow to import, and needed by none of the commands checked here
HEAVY = ("z3", "cvc5", "pysmt", "hypothesis", "lark", "policy_sentry", "importlib.metadata")
#: subcommand modules `verify prove` and `verify --version` never need
SUBCOMMANDS = ("verifier.cli_policy", "verifier.cli_network", "verifier.cli_equiv", "verifier.cli_server")

#: runs the CLI in this interpreter, then prints its exit code and the modules it imported (JSON)
RUN_AND_LIST = """
import json, sys
from verifier.cli import main
try:
    main(sys.argv[1:], prog_name="verify")
    code = 0
except SystemExit as e:
    code = e.code
sys.stdout.flush()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def imported_by(*args: str, cwd: Path | None = None) -> tuple[int, str, set[str]]:
    """Exit code, stdout and the modules imported by `verify ARGS` (in a fresh interpreter)."""
    p = subprocess.run([sys.executable, "-c", RUN_AND_LIST, *args], capture_output=True, text=True, cwd=cwd,
                       timeout=120)
    report = json.loads(p.stderr.strip().splitlines()[-1])
    return report["code"], p.stdout, set(report["modules"])


def test_version_imports_no_solver_no_subcommand_and_no_metadata():
    code, out, modules = imported_by("--version")
    assert code == 0 and out == f"verify, version {verifier.__version__}\n"
    assert not [m for m in (*HEAVY, "rich", *SUBCOMMANDS) if m in modules]


def test_version_is_the_installed_distributions():
    from importlib.metadata import version

    assert verifier.__version__ == version("verify")


def test_help_lists_the_lazy_subcommands_and_they_run():
    code, out, modules = imported_by("--help")
    assert code == 0
    listed = {line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == {"equiv", "network", "policy", "prove", "server", "terminates"}
    assert "z3" not in modules
    code, out, modules = imported_by("policy", "--help")
    assert code == 0 and "validate" in out and "verifier.cli_policy" in modules
    code, _, _ = imported_by("nosuchcommand")
    assert code == 2


def test_a_cached_prove_imports_no_solver(tmp_path):
    (tmp_path / "f.c").write_text("void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n")
    for _ in range(2):  # retried once if someone edits the checkout between the runs (the cache key changes)
        before = tool_fingerprint()
        cold = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "f.c"], capture_output=True,
                              text=True, cwd=tmp_path, timeout=120)
        code, out, modules = imported_by("prove", "f.c", cwd=tmp_path)
        if tool_fingerprint() == before:
            break
    assert cold.returncode == code == 0 and out == cold.stdout and "1 yes, 0 no, 0 unknown" in out
    assert not [m for m in (*HEAVY, *SUBCOMMANDS, "verifier.proving", "verifier.parallel") if m in modules]
