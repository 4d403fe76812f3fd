"""Start-up: `verify prove examples/f.c` against a plain z3 script, `verify --version`, and a warm server.

Each command runs as a whole process, interleaved round by round (so a change
in the machine's load hits every row alike), and the table shows the median
wall-clock and CPU time (user + system of the process and its children;
for a warm-server row, the client's plus what the server spent on the
command, the warm-up of the process it ran in, forked while the server
waited, included) of `--repeat` runs, with the load average before and after. Below the table: the
largest top-level imports of each verify command (`python -X importtime`).

A policy check (`verify policy validate` on one small policy) is timed
the same way. The warm-server rows run the installed `verify` command in a
temporary directory holding copies of f.c and the policy, where `verify server start` started a
server (stopped at the end): the command is forwarded to it. A server whose
sources changed during the run declines and the client runs the command
itself: the bench counts the requests the server answered and says so.
Every process imports `verifier` from this checkout (PYTHONPATH), so a copy
of the tree can be measured while others edit the working tree.

Below the table, where the warm server's time goes: the interpreter's own
start (with and without `site`, which runs the installed packages' .pth files),
the forwarding round trip (`verify prove --help` through the server, less the
interpreter's start) and the command's own work (less the round trip).

Goals (issue 19): `verify prove examples/f.c` within 2x the plain z3 script
(wall, median of 5); `verify --version` under 100 ms; a warm `verify prove
f.c` under 50 ms.

On a machine others share, `--priority` runs the bench and everything it
starts in a session of its own whose autogroup has nice -20 (Linux; root
may lower a nice value): the scheduler then gives it the cores before the
other sessions' work, and the figures approach an idle machine's (the load
average shown is still the machine's). `--timeline` prints, below the table,
where one cold `verify prove --no-cache f.c` spends its time, step by step and
process by process (`verifier.timeline`).

`--realtime` goes further where the machine is busy (Linux, root): the bench and what it starts run
under SCHED_FIFO, ahead of every ordinary process, so a command gets the cores as on an idle machine
(within the kernel's real-time share, 95%). Its own processes then run each until it waits rather than
sharing a core by turns: with more processes busy than cores (a cold prove's command, worker and
parsing helper) the figure can differ from an idle machine's.

Run: python bench/bench_startup.py [--repeat N] [--priority | --realtime] [--timeline]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
F_C = str(ROOT / "examples" / "f.c")
POLICY = str(ROOT / "examples" / "policies" / "read-only.json")

#: a plain z3 script deciding f.c's query (x + y == y + x on 32-bit words)
PLAIN_Z3 = ("from z3 import *\n"
            "x, y = BitVecs('x y', 32); s = Solver(); s.add(x + y != y + x); print(s.check())")

#: row name -> command (a whole process each)
COMMANDS: dict[str, list[str]] = {
    "plain z3 script (f.c's query)": [sys.executable, "-c", PLAIN_Z3],
    "verify prove --no-cache f.c": [sys.executable, "-m", "verifier.cli", "prove", "--no-cache", F_C],
    "verify prove f.c (cached)": [sys.executable, "-m", "verifier.cli", "prove", F_C],
    "verify --version": [sys.executable, "-m", "verifier.cli", "--version"],
    "verify policy validate --no-cache read-only.json": [sys.executable, "-m", "verifier.cli", "policy", "validate",
                                                         "--no-cache", POLICY],
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -S -c pass (no site)": [sys.executable, "-S", "-c", "pass"],
}
#: the warm-server rows: name -> arguments of the installed `verify`, run in the served directory
SERVED: dict[str, list[str]] = {
    "warm server: verify prove --help (round trip)": ["prove", "--help"],
    "warm server: verify prove --no-cache f.c": ["prove", "--no-cache", "f.c"],
    "warm server: verify prove f.c (cached)": ["prove", "f.c"],
    "warm server: verify policy validate --no-cache read-only.json": ["policy", "validate", "--no-cache",
                                                                       "read-only.json"],
}


#: how long the server may take to collect a finished request's process (its poll interval, and some)
SERVER_REAP_S = 0.7


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT, server: int | None = None
          ) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (this child and its children) and exit code of `cmd`;
    with `server` (the warm server's pid), the CPU time the server and the
    processes it forked for the command spent is added."""
    before, served_before = resource.getrusage(resource.RUSAGE_CHILDREN), process_tree_cpu(server)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=600)
    wall = time.perf_counter() - start
    if server is not None:
        time.sleep(SERVER_REAP_S)  # a child's CPU time counts for its parent once collected
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    served = process_tree_cpu(server)
    # a server that stopped meanwhile (its sources changed) served nothing: the client ran the command
    return wall, cpu + (served - served_before if served is not None and served_before is not None else 0.0), \
        proc.returncode


def process_tree_cpu(pid: int | None) -> float | None:
    """CPU seconds of process `pid` and of its collected children (0 for None; None when it has ended), from /proc."""
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


def top_imports(args: list[str], env: dict[str, str], count: int = 6) -> list[tuple[int, str]]:
    """The `count` largest top-level imports (cumulative microseconds, module) of `verify ARGS`."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "verifier.cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=600)
    imports = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)", line)
        if m and not m.group(2):
            imports.append((int(m.group(1)), m.group(3)))
    return sorted(imports, reverse=True)[:count]


def server_status(verify: str, served: str, env: dict[str, str]) -> tuple[int | None, int]:
    """The pid of the server for `served` (None when none runs) and how many commands it has answered."""
    status = subprocess.run([verify, "server", "status"], cwd=served, env=env, capture_output=True, text=True)
    m = re.search(r"pid (\d+), (\d+) requests", status.stdout)
    return (int(m.group(1)), int(m.group(2))) if m else (None, 0)


def warm_breakdown(wall: dict[str, float]) -> str:
    """Where a warm `verify prove --no-cache f.c` spends its wall-clock time (medians, ms)."""
    start, bare = wall["python -c pass"], wall["python -S -c pass (no site)"]
    trip = wall["warm server: verify prove --help (round trip)"]
    prove = wall["warm server: verify prove --no-cache f.c"]
    return (f"warm verify prove --no-cache f.c, {prove * 1000:.0f} ms: interpreter start {start * 1000:.0f} ms "
            f"(of which site and .pth files {(start - bare) * 1000:.0f} ms), forwarding round trip "
            f"{(trip - start) * 1000:.0f} ms, proving f.c in the server {(prove - trip) * 1000:.0f} ms")


def site_note(wall: dict[str, float]) -> str:
    """What every row's interpreter start holds of this environment's `site` (its .pth files: an
    editable install's import finder among them, which the README's ``pip install .`` does not have)."""
    import site

    pth = sorted(p.name for folder in site.getsitepackages() for p in Path(folder).glob("*.pth"))
    editable = [name for name in pth if name.startswith("__editable__")]
    start, bare = wall["python -c pass"], wall["python -S -c pass (no site)"]
    return (f"every row runs {sys.executable} and pays its site alike, {(start - bare) * 1000:.0f} ms of "
            f"'python -c pass' ({len(pth)} .pth files: {', '.join(pth)}); "
            + (f"{', '.join(editable)} is an editable install's (a non-editable 'pip install .', as the README "
               "installs, has no finder to run)" if editable else "no editable install among them"))


def raise_priority(pid: int | str = "self") -> str:
    """Give the autogroup of process `pid` (default: a new session for this one, and what it starts)
    nice -20; what was done."""
    if pid == "self":
        try:
            os.setsid()  # a session of its own: its autogroup holds only the bench
        except OSError:
            pass  # a process group leader already (started from a shell's job): its session's autogroup is raised
    try:
        with open(f"/proc/{pid}/autogroup", "w") as f:
            f.write("-20")
    except OSError as error:
        return f"priority not raised ({error.strerror})"
    return "autogroup nice -20"


def run_realtime() -> str:
    """Run this process and what it starts under SCHED_FIFO (priority 10); what was done."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
    except (AttributeError, OSError) as error:
        return f"real-time scheduling not set ({getattr(error, 'strerror', None) or error})"
    return "SCHED_FIFO"


def timeline(env: dict[str, str]) -> list[str]:
    """The `verifier.timeline` lines of one cold `verify prove --no-cache f.c`."""
    proc = subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--no-cache", F_C], capture_output=True,
                          text=True, env={**env, "VERIFY_TIMELINE": "1"}, cwd=ROOT, timeout=600)
    return [line for line in proc.stderr.splitlines() if line.startswith("verify-timeline:")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (the median is shown)")
    parser.add_argument("--realtime", action="store_true",
                        help="run under SCHED_FIFO, ahead of all ordinary processes (Linux, root)")
    parser.add_argument("--priority", action="store_true",
                        help="run ahead of the machine's other sessions (autogroup nice -20; Linux, root)")
    parser.add_argument("--timeline", action="store_true", help="print where a cold prove of f.c spends its time")
    args = parser.parse_args()
    priority = run_realtime() if args.realtime else raise_priority() if args.priority else "normal priority"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "VERIFY_NO_SERVER")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    verify = str(Path(sys.executable).parent / "verify")
    with tempfile.TemporaryDirectory() as served:
        shutil.copy(F_C, served)
        shutil.copy(POLICY, served)
        commands = {name: (cmd, ROOT) for name, cmd in COMMANDS.items()}
        commands.update({name: ([verify, *served_args], Path(served)) for name, served_args in SERVED.items()})
        subprocess.run([verify, "server", "start"], cwd=served, env=env, check=True, capture_output=True)
        server, _ = server_status(verify, served, env)
        if args.priority and server is not None:
            raise_priority(server)  # it runs in a session of its own
        try:
            for cmd, cwd in commands.values():  # warm the bytecode and the answer cache once
                timed(cmd, env, cwd)
            load_before = os.getloadavg()[0]
            runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
            for _ in range(args.repeat):
                for name, (cmd, cwd) in commands.items():
                    runs[name].append(timed(cmd, env, cwd, server if name in SERVED else None))
            load_after = os.getloadavg()[0]
            _, answered = server_status(verify, served, env)
        finally:
            subprocess.run([verify, "server", "stop"], cwd=served, env=env, capture_output=True)
    z3_wall = statistics.median(w for w, _, _ in runs["plain z3 script (f.c's query)"])
    table = Table(title=f"start-up, whole process, median of {args.repeat} "
                        f"(load average {load_before:.1f} before, {load_after:.1f} after, {os.cpu_count()} cores, "
                        f"{priority})")
    for col in ("command", "wall (ms)", "CPU (ms)", "wall / plain z3", "exit"):
        table.add_column(col, justify="left" if col == "command" else "right")
    for name, samples in runs.items():
        wall = statistics.median(w for w, _, _ in samples)
        cpu = statistics.median(c for _, c, _ in samples)
        codes = ",".join(sorted({str(rc) for _, _, rc in samples}))
        table.add_row(name, f"{wall * 1000:.0f}", f"{cpu * 1000:.0f}", f"{wall / z3_wall:.2f}x", codes)
    console = Console(width=200)
    console.print(table)
    expected = len(SERVED) * (args.repeat + 1)
    if answered != expected:
        console.print(f"[bold]warning[/]: the server answered {answered} of {expected} forwarded commands "
                      "(its sources changed, or it stopped): the warm-server rows are in-process runs")
    medians = {name: statistics.median(w for w, _, _ in samples) for name, samples in runs.items()}
    console.print(warm_breakdown(medians))
    console.print(site_note(medians), markup=False, highlight=False)
    for label, verify_args in (("verify --version", ["--version"]),
                               ("verify prove --no-cache f.c", ["prove", "--no-cache", F_C])):
        console.print(f"{label}: largest top-level imports: "
                      + ", ".join(f"{name} {us / 1000:.0f} ms" for us, name in top_imports(verify_args, env)))
    if args.timeline:
        console.print("cold verify prove --no-cache f.c, step by step (seconds since the process started; "
                      "[pid, its CPU seconds]):", markup=False)
        for line in timeline(env):
            console.print("  " + line.removeprefix("verify-timeline:").strip(), markup=False, highlight=False)


if __name__ == "__main__":
    main()
