"""A warm `verify` server for one directory, in the manner of mypy's daemon.

`verify server start` runs `serve` in the background. It loads once what the
commands need -- click and every subcommand, the C and Python grammars, z3,
cvc5, Hypothesis, rich, AWS's action catalogue -- then listens on a
Unix socket (`client.socket_path`: one server per directory). Each request is
a command line, with the client's stdin, stdout and stderr passed over the
socket; the server forks, and the child runs the command exactly as `verify`
would in-process (same options, same `[tool.verify]`, same output on the
same descriptors), then reports its exit code. A fork per request keeps
runs apart: nothing a run computes stays in the server. The result cache on
disk stays the single store of answers. The next request's process (and its
worker) is forked and warmed while the server waits (`server_ready`); a request
that comes while that one is busy gets a fork of its own.

The server stops on `verify server stop` or SIGTERM, and by itself when the
tool's sources change (the cache's tool fingerprint): it would run stale
code, so it declines the request (the client then runs it in-process) and exits.

Protocol (one JSON object per line): the client sends ``{"op": "run",
"args": [...], "prog": "verify", "cwd": ..., "env": {...}}`` with three file
descriptors, and reads ``{"pid": N}`` (or ``{"stale": true}``: not run), then
``{"exit": CODE}``. ``{"op": "status"}`` and ``{"op": "stop"}`` get one line back (the status
counts the requests run, of those the ones a process forked ahead ran, ``ahead``, and
says whether one waits for the next, ``ready``).
"""

from __future__ import annotations

import gc
import io
import json
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from .client import NO_SERVER_ENV, socket_path

#: seconds between checks for a stop request and finished children
POLL_S = 0.5
#: the largest request line (the client's environment is its bulk)
MAX_REQUEST = 1 << 20


#: what the commands import on their way (the solvers, the engines, the cross-checks)
WARM_MODULES = ("cvc5", "verifier.parallel", "verifier.progress", "multiprocessing.popen_fork",
                "verifier.proving", "verifier.crosscheck.recheck", "verifier.crosscheck.explore",
                "verifier.crosscheck.refute", "verifier.engines.safety.bmc", "verifier.engines.safety.kinduction",
                "verifier.engines.safety.sampling", "verifier.engines.invariants.chc")


#: how long the engines may take on the C sample's `g` at start
WARM_ENGINES_S = 5.0
#: parsed at start: Lark's contextual lexer compiles one scanner per parser state
#: on first use (a few ms each), so the samples use the common constructs
WARM_SAMPLES = {
    "w.c": """#include <assert.h>
#define N 4
typedef struct point { int x; unsigned long y; } point_t;
extern int __VERIFIER_nondet_int(void);
static int table[N] = {1, 2, 3, 4};
int f(int *p, unsigned char c, long n, point_t q) {
    int i = 0, s = 0;
    for (i = 0; i < n && i < N; i++) { s += table[i] * 2 - (s >> 1) % 3; }
    while (s > 10) { s -= 3; if (s == 7) break; else continue; }
    do { s++; } while (s < 0);
    switch (c) { case 'a': s ^= 1; break; default: s |= 2; }
    if (p != 0 && *p >= 0) { *p = (int)(s & 0xff) + q.x; }
    s = s ? -s : ~s; s <<= 1; s /= 2; s = !s || s <= 3;
    assert(s != 12345);
    __VERIFIER_assume(n > 0);
    return s + (int)sizeof(int) + n;
}
void g(unsigned x, unsigned y) {
    assert(x + y == y + x);
}
""",
    "w.py": """def f(xs: list[int], n: int) -> int:
    assert n >= 0
    total = 0
    for i in range(n):
        if i % 2 == 0 and i < len(xs):
            total += xs[i] * 2
        elif not i:
            total -= 1
        else:
            continue
    while total > 100:
        total //= 2
    return total if total >= 0 else -total
""",
}


def warm_up() -> None:
    """Import and build everything a command may need, so that forks start warm."""
    import importlib

    import z3

    from . import cli, workflow
    from .cli_policy import warm_up as warm_up_policies
    from .crosscheck import recheck
    from .load import load_program
    from .portfolio import run_engines

    for name in cli.LAZY_SUBCOMMANDS:
        cli.main.get_command(None, name)  # type: ignore[arg-type]
    workflow.preload_report()
    for module in WARM_MODULES:
        importlib.import_module(module)
    z3.Solver().check()
    recheck.preload()
    with tempfile.TemporaryDirectory() as tmp:  # the grammars, through the frontends
        for name, text in WARM_SAMPLES.items():
            (Path(tmp) / name).write_text(text)
            program = load_program(str(Path(tmp) / name), None, None)
            if name == "w.c":  # the engines' first solver calls set up z3's bit-vector machinery
                run_engines(program, "g", None, time.monotonic() + WARM_ENGINES_S)
    warm_up_policies()
    warm_report()


def warm_report() -> None:
    """Render a small text report once, to nowhere: rich sets up its styles and caches on its
    first report (some 3 ms that every forked command would spend again)."""
    from .report import emit
    from .result import Certificate, Location, Result, Verdict

    where = Location("w.c", 19, 5)
    emit([Result("assert", "w.c:g", where, Verdict.YES, message="x + y == y + x", engine="bmc",
                 certificate=Certificate("bounded", "", ["z3", "cvc5"])),
          Result("overflow", "w.c:g", where, Verdict.UNKNOWN, reason="timeout: a sample")], "text", io.StringIO())


class Server:
    """The listening socket and the bookkeeping of one server; with `ready_ahead`, the next
    request's process is forked and warmed while it waits (`server_ready.ReadyChild`)."""

    def __init__(self, directory: str, ready_ahead: bool = False) -> None:
        from .cache import loaded_tool_fingerprint

        self.directory = directory
        self.ready_ahead = ready_ahead
        self.ready = None  # the `ReadyChild` waiting for the next request
        self.running: set[int] = set()  # the `done` descriptors of ready children that took a request
        self.ahead = 0  # requests run by a ready child
        self.samples = tempfile.mkdtemp(prefix="verify-server-") if ready_ahead else ""
        if ready_ahead:
            (Path(self.samples) / "w.c").write_text(WARM_SAMPLES["w.c"])
        self.path = socket_path(directory)
        self.fingerprint = loaded_tool_fingerprint()  # the code it runs (its forks reuse it for cache keys)
        self.started = time.time()
        self.requests = 0
        self.stopping = False
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if os.path.exists(self.path):  # left by a server that was killed
            os.unlink(self.path)
        self.listener.bind(self.path)
        self.listener.listen(16)
        self.listener.settimeout(POLL_S)

    def serve(self) -> None:
        """Answer requests until stopped."""
        try:
            while not self.stopping:
                if self.ready_ahead and self.ready is None and not self.running:  # the last one has ended
                    from .server_ready import ReadyChild

                    self.ready = ReadyChild(self.listener, str(Path(self.samples) / "w.c"))
                readable, _, _ = select.select([self.listener, *self.running], [], [], POLL_S)
                for done in self.running.intersection(readable):
                    os.close(done)
                    self.running.discard(done)
                if self.listener in readable:
                    try:
                        conn, _ = self.listener.accept()
                    except (TimeoutError, BlockingIOError):
                        conn = None
                    if conn is not None:
                        with conn:
                            self.handle(conn)
                self.reap()
        finally:
            self.listener.close()
            if self.ready is not None:
                self.ready.end()
            if os.path.exists(self.path):
                os.unlink(self.path)
            if self.samples:
                shutil.rmtree(self.samples, ignore_errors=True)

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(10.0)
        try:
            request, fds = read_request(conn)
        except (OSError, ValueError):
            return
        try:
            op = request.get("op")
            if op == "status":
                _reply(conn, {"pid": os.getpid(), "directory": self.directory, "requests": self.requests,
                              "ahead": self.ahead, "ready": self.ready is not None,
                              "uptime_s": round(time.time() - self.started, 1)})
            elif op == "stop":
                self.stopping = True
                _reply(conn, {"stopping": True})
            elif op == "run" and len(fds) == 3:
                from .cache import tool_fingerprint

                if tool_fingerprint() != self.fingerprint:
                    self.stopping = True
                    _reply(conn, {"stale": True})
                    return
                self.requests += 1
                ready, self.ready = self.ready, None
                if ready is not None and ready.hand_over(conn, fds, request):
                    self.running.add(ready.done)
                    self.ahead += 1
                    return
                if ready is not None:  # gone: forked afresh as below
                    os.close(ready.done)
                if os.fork() == 0:
                    self.listener.close()
                    run_child(conn, fds, request)  # never returns
        finally:
            for fd in fds:
                os.close(fd)

    def reap(self) -> None:
        """Collect finished children (no zombies)."""
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return


def read_request(conn: socket.socket, max_fds: int = 3) -> tuple[dict, list[int]]:
    """One request line and the descriptors that came with it (at most `max_fds`)."""
    data, fds, _, _ = socket.recv_fds(conn, 65536, max_fds)
    while not data.endswith(b"\n") and len(data) < MAX_REQUEST:
        more = conn.recv(65536)
        if not more:
            break
        data += more
    return json.loads(data), list(fds)


def _reply(conn: socket.socket, message: dict) -> None:
    conn.sendall(json.dumps(message).encode() + b"\n")


def run_child(conn: socket.socket, fds: list[int], request: dict,
              on_adopted: Callable[[], None] | None = None) -> None:
    """In the fork: become the client's `verify ARGS` process (then call `on_adopted`), run it,
    report the exit code."""
    from .deadline import command_starts_now

    command_starts_now()  # --timeout counts from here, however long ago this process was forked
    code = 4
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in set(fds) - {0, 1, 2}:
            os.close(fd)  # only 0-2 hold the client's streams: letting go of those ends them (`let_go_of_streams`)
        sys.stdin = open(0, closefd=False)
        sys.stdout = open(1, "w", closefd=False, buffering=1 if os.isatty(1) else -1)
        sys.stderr = open(2, "w", closefd=False, buffering=1, errors="backslashreplace")
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ[NO_SERVER_ENV] = "1"
        if on_adopted is not None:
            on_adopted()
        sys.argv = [request["prog"], *request["args"]]
        signal.signal(signal.SIGINT, signal.default_int_handler)
        from .cli_options import end_on_sigterm

        end_on_sigterm()
        _reply(conn, {"pid": os.getpid()})
        from .cli import main

        try:
            main(request["args"], prog_name=request["prog"])
            code = 0
        except SystemExit as done:
            code = _exit_code(done.code)
    except BaseException:  # a bug in the server itself: say so, as the CLI's crash hook does
        import traceback

        print(f"verify: error: INTERNAL ERROR in the verify server: {traceback.format_exc(limit=3)}",
              file=sys.stderr)
    finally:
        try:
            from .parallel import end_spares, join_released, kill_spares, let_go_of_streams

            kill_spares()  # a worker forked ahead (`server_ready`) that the command did not take holds the streams too
            let_go_of_streams()  # the client's reader sees the output end now, not after this large process exits
            try:
                _reply(conn, {"exit": code})
            except OSError:
                pass
            join_released()  # the command's workers, told to end when its run finished
            end_spares()
        finally:
            os._exit(0)  # never back into the server's loop


def _exit_code(code: object) -> int:
    """The process exit status `sys.exit(code)` gives."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def serve(directory: str) -> None:
    """The server's main loop (what `verify server start` runs in the background)."""
    from .cache import loaded_tool_fingerprint

    os.environ[NO_SERVER_ENV] = "1"
    os.chdir(directory)
    loaded_tool_fingerprint()  # before loading: a source edited meanwhile makes the first request decline
    warm_up()
    gc.freeze()  # what the warm-up built stays: the forks' collections need not walk it (nor copy its pages)
    server = Server(directory, ready_ahead=True)

    def stop(signum, frame) -> None:
        server.stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"verify server: serving {directory} on {server.path} (pid {os.getpid()})", flush=True)
    server.serve()


def request(directory: str, message: dict, timeout: float = 10.0) -> dict | None:
    """Send `message` (status or stop) to the server for `directory`; its reply, or None if none answers."""
    path = socket_path(directory)
    if not os.path.exists(path):
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(path)
            socket.send_fds(conn, [json.dumps(message).encode() + b"\n"], [])
            line = conn.makefile("r", encoding="utf-8").readline()
        return json.loads(line) if line else None
    except (OSError, ValueError):
        return None


if __name__ == "__main__":
    serve(sys.argv[1])
