"""Start the Python replay worker by forking this process instead of a fresh interpreter.

A fresh ``python -c`` costs some 50 ms of CPU (and several times that in wall
time on a loaded machine) before it reads the user's module; a fork of the
prover's worker costs a few milliseconds and finds Python and `verifier`
already loaded. `ForkedPython(source)` is the subprocess.Popen look-alike
`py_worker.PyWorker` talks to (``stdin``, ``stdout``, ``pid``, ``poll``,
``kill``, ``wait``): the child runs `source` as a fresh ``__main__`` with
the pipes as its standard input and output, its other file descriptors
closed, stderr on /dev/null and default signal handlers, and ends with
``os._exit`` (nothing of this process's exit handlers runs twice).

`can_fork_for(path)` says when that is as good as a fresh interpreter: only
this thread runs (a fork copies no import or lock another thread holds half
way), and no file or package beside the user's module has the name of a
top-level module already loaded here (the user's ``import x`` must find their
own ``x``, as it would in a fresh interpreter). Otherwise the caller starts
``python -c`` as before.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

__all__ = ["ForkedPython", "can_fork_for"]


def can_fork_for(path: str) -> bool:
    """Is a fork of this process a faithful replay worker for the module at `path`? (See the module docstring.)"""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    try:
        beside = os.listdir(os.path.dirname(os.path.abspath(path)))
    except OSError:
        return False
    loaded = {name for name in sys.modules if "." not in name}
    return not any(name.partition(".")[0] in loaded for name in beside if name.endswith(".py") or "." not in name)


class ForkedPython:
    """A forked child running `source` as its main program, with pipes for its standard input and output."""

    def __init__(self, source: str) -> None:
        in_read, in_write = os.pipe()
        out_read, out_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            _run_child(source, in_read, out_write)
        os.close(in_read)
        os.close(out_write)
        self.stdin = os.fdopen(in_write, "wb", buffering=0)
        self.stdout = os.fdopen(out_read, "rb", buffering=0)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit status once the child has ended (negative: the signal that ended it), else None."""
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere
                self.returncode = -signal.SIGKILL
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        """SIGKILL the child (if it still runs)."""
        if self.poll() is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the child to end, at most `timeout` seconds; its exit status (None if it still runs)."""
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None and (end is None or time.monotonic() < end):
            time.sleep(0.005)
        return self.returncode


def _run_child(source: str, stdin_fd: int, stdout_fd: int) -> None:
    """In the forked child: make the pipes its standard streams, run `source`, and end."""
    try:
        os.dup2(stdin_fd, 0)
        os.dup2(stdout_fd, 1)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 2)
        for fd in [int(name) for name in os.listdir("/proc/self/fd") if name.isdigit()]:
            if fd > 2:
                try:
                    os.close(fd)
                except OSError:
                    pass
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
            signal.signal(signum, signal.SIG_DFL)
        sys.stdin = open(0, "r", closefd=False)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        exec(compile(source, "<verify-replay-worker>", "exec"), {"__name__": "__main__"})
    except BaseException:  # the host sees the pipe close: "crashed the interpreter"
        pass
    finally:
        os._exit(0)
