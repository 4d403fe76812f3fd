"""How a run ends quickly: the command leaves its objects to the OS at exit, and a finished
worker's process group is collected without a scan of /proc (timings are in bench/bench_startup.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from verifier.reaping import adopt_orphans, reap_group

TWO_FUNCTIONS = """\
void safe(unsigned x, unsigned y) {
    __VERIFIER_assert(x + y == y + x);
}

void unsafe(unsigned x) {
    __VERIFIER_assert(x != 7);
}
"""

#: runs the CLI in this interpreter, as a library user would; prints the exit code and whether GC was left alone
IN_PROCESS = """
import atexit, gc, sys
from verifier.cli import main
try:
    main(sys.argv[1:], prog_name="verify")
except SystemExit as e:
    code = e.code
sys.stdout.flush()
atexit.register(lambda: print(f"exit {code} frozen {gc.get_freeze_count()}", file=sys.stderr))
"""


def test_the_command_writes_its_whole_report_and_exit_code_and_in_process_runs_keep_collecting(tmp_path):
    (tmp_path / "two.c").write_text(TWO_FUNCTIONS)
    env = {**os.environ, "VERIFY_NO_SERVER": "1"}
    args = ["prove", "--no-cache", "--format", "json", "two.c"]
    command = subprocess.run([sys.executable, "-m", "verifier.cli", *args], capture_output=True, text=True,
                             cwd=tmp_path, env=env, timeout=120)
    library = subprocess.run([sys.executable, "-c", IN_PROCESS, *args], capture_output=True, text=True,
                             cwd=tmp_path, env=env, timeout=120)
    ours, theirs = json.loads(command.stdout), json.loads(library.stdout)
    assert command.returncode == 1 and ours["verdict"] == "no"
    assert [(r["target"], r["check"], r["verdict"]) for r in ours["results"]] == \
           [(r["target"], r["check"], r["verdict"]) for r in theirs["results"]]
    assert {r["target"].split(":")[1] for r in ours["results"]} == {"safe", "unsafe"}
    assert library.stderr.strip().splitlines()[-1] == "exit 1 frozen 0"  # a library user's GC is untouched


def test_a_killed_groups_members_are_all_collected_once_its_leader_is_joined():
    leader = os.fork()
    if leader == 0:  # a worker: leads its group and starts two children in it
        os.setpgrp()
        for _ in range(2):
            if os.fork() == 0:
                time.sleep(60)
                os._exit(0)
        time.sleep(60)
        os._exit(0)
    deadline = time.monotonic() + 5
    while os.getpgid(leader) != leader and time.monotonic() < deadline:
        time.sleep(0.01)
    members = _members(leader)
    while len(members) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
        members = _members(leader)
    assert len(members) == 3
    with adopt_orphans():  # as `parallel.run_tasks` does: the killed leader's children become ours
        os.killpg(leader, signal.SIGKILL)
        os.waitpid(leader, 0)  # joined by whoever started it
        reap_group(leader)
    assert _members(leader) == []  # no zombie left: each was collected


def _members(pgid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                found.append(int(entry))
    return found



#: writes a line, lets go of its standard streams (as a finished worker and the warm server's child do), lingers
LET_GO_AND_LINGER = """
import time
from verifier.parallel import let_go_of_streams
print("the report")
let_go_of_streams()
print("after letting go")
time.sleep(60)
"""


def test_a_reader_sees_the_output_end_when_the_process_lets_go_of_its_streams_not_when_it_exits():
    proc = subprocess.Popen([sys.executable, "-c", LET_GO_AND_LINGER], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.read() == "the report\n"  # at its end while the process still runs
        assert proc.poll() is None
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
