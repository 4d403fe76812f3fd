"""Start-up: each command imports only what it needs (timings are in bench/bench_startup.py)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
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


def test_policy_validate_never_loads_hypothesis_and_the_searching_checks_load_it_up_front():
    """validate lints and decides by evaluation; no-public-access searches, and has Hypothesis
    loaded before a file's deadline starts (its answers do not depend on the import's time)."""
    policy = str(Path(__file__).resolve().parents[1] / "examples" / "policies" / "read-only.json")
    code, out, modules = imported_by("policy", "validate", "--no-cache", policy)
    assert code == 0 and "yes" in out
    assert "hypothesis" not in modules and "verifier.policy.explore" not in modules
    code, out, modules = imported_by("policy", "no-public-access", "--no-cache", policy)
    assert code == 0 and "hypothesis" in modules


def test_version_answers_before_click_loads():
    """`verify --version` (as `python -m verifier.cli`) prints click's text without importing click."""
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "verifier.cli", "--version"], capture_output=True,
                       text=True, timeout=120)
    imported = {line.split("|")[-1].strip() for line in p.stderr.splitlines() if line.startswith("import time:")}
    assert p.returncode == 0 and p.stdout == f"verify, version {verifier.__version__}\n"
    assert not [m for m in ("click", *HEAVY) if m in imported]
    _, through_click, _ = imported_by("--version")  # the same text from click's own option
    assert through_click == p.stdout


#: re-checks one obligation of each answer, then reports the solvers that agreed and the modules imported
RECHECK_AND_LIST = """
import json, sys, z3
from verifier.crosscheck.recheck import recheck
x, y = z3.BitVecs("x y", 32)
unsat, sat = z3.Solver(), z3.Solver()
unsat.add(x + y != y + x)
sat.add(x + y != x)
yes, no = recheck([unsat.to_smt2()]), recheck([sat.to_smt2()])
print(json.dumps({"checked": yes.checked_by, "refuted": no.refuted_by, "pysmt": "pysmt" in sys.modules}))
"""


def test_recheck_reads_the_text_with_both_solvers_without_pysmt():
    """cvc5 reads z3's text with its own parser: still a second solver on every yes, and a wrong one refuted."""
    p = subprocess.run([sys.executable, "-c", RECHECK_AND_LIST], capture_output=True, text=True, timeout=120)
    assert json.loads(p.stdout) == {"checked": ["z3", "cvc5"], "refuted": ["z3", "cvc5"], "pysmt": False}


#: parses argv[2] with the C grammar read from the file argv[1]; prints "parsed" or the syntax error
PARSE_WITH_GRAMMAR = """
import sys
from pathlib import Path
from verifier.errors import InputError
from verifier.frontends import c_parse
c_parse.grammar_text = lambda: Path(sys.argv[1]).read_text()
try:
    c_parse.parse_tree(sys.argv[2], "f.c")
    print("parsed")
except InputError as error:
    print(error.format())
"""


def test_the_c_parser_follows_the_grammar_text_not_a_stale_cache(tmp_path):
    """The parsers kept on disk are keyed by the grammar: an edited grammar is rebuilt, the original rebuilt again."""
    from verifier.frontends import c_parse

    original = c_parse.grammar_text()
    assert 'RETURN: "return"' in original
    (tmp_path / "original.lark").write_text(original)
    (tmp_path / "edited.lark").write_text(original.replace('RETURN: "return"', 'RETURN: "give"'))
    source = "int f(int x) {\n    give x + 1;\n}\n"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}  # where verify keeps built parsers (parser_cache)
    for grammar, expected in (("edited", "parsed"), ("edited", "parsed"), ("original", "f.c:2:10: error: syntax")):
        p = subprocess.run([sys.executable, "-c", PARSE_WITH_GRAMMAR, str(tmp_path / f"{grammar}.lark"), source],
                           capture_output=True, text=True, timeout=120, env=env)
        assert p.stdout.startswith(expected), (grammar, p.stdout, p.stderr)


def test_a_policy_run_loads_neither_the_program_ir_nor_package_metadata():
    """Policies need the catalogue and z3, not the C/Python IR or importlib.metadata (the
    catalogue's cache key is its data file, not policy-sentry's version)."""
    policy = str(Path(__file__).resolve().parents[1] / "examples" / "policies" / "read-only.json")
    code, out, modules = imported_by("policy", "validate", "--no-cache", "--format", "json", policy)
    assert code == 0 and json.loads(out)["verdict"] == "yes"
    assert not [m for m in ("verifier.ir", "verifier.frontends", "importlib.metadata", "rich")
                if m in modules]


#: prints the catalogue a process loads (its cache under $XDG_CACHE_HOME), and the data it names
CATALOGUE_SUMMARY = """
import json
from verifier.policy.catalogue import catalogue, data_key
c = catalogue()
print(json.dumps({"key": data_key(), "actions": c.actions, "templates": c.templates, "taking": c.taking,
                  "lowered": c.lowered, "by_service": c.by_service, "by_lower": c.by_lower}))
"""

#: a user's own policy-sentry data (~/.policy_sentry/iam-definition.json): one service, two actions
OWN_DATA = {"s3": {"prefix": "s3", "privileges": {
    "GetObject": {"resource_types": {"object": {}, "": {}}},
    "ListAllMyBuckets": {"resource_types": {"": {}}}},
    "resources": {"object": {"arn": "arn:${Partition}:s3:::${BucketName}/${ObjectName}"}}}}


def test_the_catalogue_is_built_once_cached_and_reloaded_alike_from_the_users_own_data(tmp_path):
    (tmp_path / ".policy_sentry").mkdir()
    data = tmp_path / ".policy_sentry" / "iam-definition.json"
    own = copy.deepcopy(OWN_DATA)
    data.write_text(json.dumps(own))
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def loaded() -> dict:
        p = subprocess.run([sys.executable, "-c", CATALOGUE_SUMMARY], capture_output=True, text=True, env=env,
                           timeout=120)
        assert p.returncode == 0, p.stderr
        return json.loads(p.stdout)

    built = loaded()
    assert built["key"].startswith(f"{data}|") and built["actions"] == ["s3:GetObject", "s3:ListAllMyBuckets"]
    assert built["templates"] == [["arn:${Partition}:s3:::${BucketName}/${ObjectName}"], []] and built["taking"] == 1
    assert list((tmp_path / "cache" / "verify").glob("*.pickle"))
    assert loaded() == built  # from the cache
    for cached in (tmp_path / "cache" / "verify").glob("*.pickle"):
        cached.write_bytes(b"not a pickle")
    assert loaded() == built  # an unreadable cache is rebuilt, never an error
    own["s3"]["privileges"]["PutObject"] = {"resource_types": {"object": {}}}
    data.write_text(json.dumps(own))  # newer data: a new key, and the catalogue follows it
    changed = loaded()
    assert changed["key"] != built["key"] and "s3:PutObject" in changed["actions"]


#: proves argv[1] as a worker does (in this process), then prints its verdicts and the modules it imported
PROVE_AS_A_WORKER = """
import json, sys
from verifier.config import DEFAULT_CHECKS
from verifier.parallel import Task, prove_task
sent = []
prove_task(Task(sys.argv[1], None, DEFAULT_CHECKS, None, 60.0), sent.append)
verdicts = [r.verdict.value for message in sent if message[0] == "results" for r in message[2]]
print(json.dumps({"verdicts": verdicts, "modules": sorted(sys.modules)}))
"""


def test_a_loop_free_proof_loads_no_sampling_engine_and_no_hypothesis(tmp_path):
    """Loop-free code is decided by the quick exhaustive search: the sampling engine, the
    cross-checks that run against loops (Hypothesis) and multiprocessing (which only forking engine
    lanes needs: the worker itself is forked without it, `forking`) are never imported for it."""
    (tmp_path / "f.c").write_text("void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n")
    p = subprocess.run([sys.executable, "-c", PROVE_AS_A_WORKER, str(tmp_path / "f.c")], capture_output=True,
                       text=True, timeout=120)
    report = json.loads(p.stdout)
    assert report["verdicts"] == ["yes"]
    assert not [m for m in ("verifier.engines.safety.sampling", "hypothesis", "verifier.crosscheck.refute",
                            "multiprocessing") if m in report["modules"]]


def timeline(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, list[tuple[int, str]]]:
    """`python -m verifier.cli ARGS` in-process (no server), and its timeline: (pid, step) per line."""
    env = {**os.environ, "VERIFY_TIMELINE": "1", "VERIFY_NO_SERVER": "1"}
    p = subprocess.run([sys.executable, "-m", "verifier.cli", *args], capture_output=True, text=True, cwd=cwd,
                       env=env, timeout=120)
    steps = []
    for line in p.stderr.splitlines():
        if line.startswith("verify-timeline:"):
            pid, _, step = line.split("[", 1)[1].partition("]")
            steps.append((int(pid.split()[0]), step.strip()))
    return p, steps


def running(pid: int, wait_s: float = 10.0) -> bool:
    """Is process `pid` still running (not a zombie) after at most `wait_s` seconds?"""
    end = time.monotonic() + wait_s
    while True:
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        if state == "Z" or time.monotonic() > end:
            return state != "Z"
        time.sleep(0.05)


def test_prove_runs_in_the_worker_forked_before_click_loads_and_an_unused_one_is_ended(tmp_path):
    """The first worker is forked at start (it imports the engines and the parser while the command
    reads its options) and proves the file; a run answered from the cache ends it at exit."""
    (tmp_path / "f.c").write_text("void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n")
    cold, steps = timeline("prove", "--timeout", "60", "f.c", cwd=tmp_path)
    assert cold.returncode == 0 and "1 yes, 0 no, 0 unknown" in cold.stdout
    spare = {pid for pid, step in steps if step == "spare worker warms up"}
    assert len(spare) == 1 and spare == {pid for pid, step in steps if step == "worker takes f.c"}
    assert spare == {pid for pid, step in steps if step == "parsed f.c ahead"}  # by a helper (`parse_ahead`)
    cached, steps = timeline("prove", "--timeout", "60", "f.c", cwd=tmp_path)
    assert cached.returncode == 0 and cached.stdout == cold.stdout
    spare = {pid for pid, step in steps if step == "spare worker warms up"}
    assert not [step for _, step in steps if step.startswith("worker takes")]
    assert not [pid for pid in spare if running(pid)]  # started (perhaps killed before it printed), then ended
    helped, steps = timeline("prove", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "--exit-first" in helped.stdout and not steps
    day_old = time.time() - 86400  # a file not edited lately is likely answered from the cache: no worker ahead
    os.utime(tmp_path / "f.c", (day_old, day_old))
    cached, steps = timeline("prove", "--timeout", "60", "f.c", cwd=tmp_path)
    assert cached.stdout == cold.stdout and steps and not [s for _, s in steps if "worker" in s]
