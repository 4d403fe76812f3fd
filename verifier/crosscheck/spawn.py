"""Start a program from a background thread without a fork elsewhere holding it up.

`subprocess` starts a program with a pipe it reads until the program has
started (and, with captured output, pipes it reads to their end). A process
another thread forks meanwhile with `os.fork` (an engine lane, a worker)
copies those pipes' write ends and keeps them open until it ends, so the
starting thread waits for that process: a C harness built in the background
(`replay.warm_replay`) while the lanes are forked waited seconds for a lane.
Here, every `os.fork` of this process waits while a program is being started
(`SPAWNING`, held from before the start until the program runs; a few
milliseconds), and the output goes to a temporary file, not a pipe
(`run_to_file`; `run_with_files` also gives the program its input from one,
and keeps its two streams apart).
"""

from __future__ import annotations

import contextlib
import os
import resource
import select
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping

__all__ = ["SPAWNING", "run_to_file", "run_with_files", "wait_or_kill", "with_stack"]

#: held while a program is being started here; every `os.fork` of the process takes it first
SPAWNING = threading.RLock()
os.register_at_fork(before=SPAWNING.acquire, after_in_parent=SPAWNING.release, after_in_child=SPAWNING.release)


def run_to_file(cmd: list[str], timeout: float) -> tuple[int, str]:
    """Run `cmd` (no input) for at most `timeout` seconds; its exit status and its
    output (stdout and stderr together). Raises what `subprocess.Popen` raises, and
    `subprocess.TimeoutExpired` (the program killed) past `timeout`."""
    with tempfile.TemporaryFile() as out:
        with SPAWNING:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        returncode = wait_or_kill(proc, timeout)
        out.seek(0)
        return returncode, out.read().decode("utf-8", "replace")


def run_with_files(cmd: list[str], timeout: float, stdin: bytes | None = None, env: Mapping[str, str] | None = None,
                   preexec_fn: Callable[[], None] | None = None,
                   stack_bytes: int = 0) -> subprocess.CompletedProcess[bytes]:
    """`subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout, ...)` without a pipe:
    the input (none: /dev/null) and both outputs are temporary files, so a process another
    thread forks meanwhile holds none of the run's streams open. Past `timeout` the program is
    killed and `subprocess.TimeoutExpired` carries what it had written. The program's stack may
    grow to `stack_bytes` at least (`with_stack`)."""
    with tempfile.TemporaryFile() as given, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        if stdin is not None:
            given.write(stdin)
            given.seek(0)
        with SPAWNING, with_stack(stack_bytes):
            proc = subprocess.Popen(cmd, stdin=given if stdin is not None else subprocess.DEVNULL, stdout=out,
                                    stderr=err, env=env, preexec_fn=preexec_fn)
        try:
            returncode = wait_or_kill(proc, timeout)
        except subprocess.TimeoutExpired:
            out.seek(0)
            err.seek(0)
            raise subprocess.TimeoutExpired(cmd, timeout, output=out.read(), stderr=err.read()) from None
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(cmd, returncode, out.read(), err.read())


@contextlib.contextmanager
def with_stack(stack_bytes: int) -> Iterator[None]:
    """Within the block, this process's soft stack limit is `stack_bytes` at least (as far as
    the hard limit allows), so the programs started in it inherit that limit. Held with
    `SPAWNING`, it changes no other program's start made here. Setting it in the child
    instead (a ``preexec_fn``) makes `subprocess` copy this whole process with ``fork``
    rather than ``vfork``: some 3 ms for a worker with z3 loaded."""
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    if soft == resource.RLIM_INFINITY or soft >= stack_bytes:
        yield
        return
    resource.setrlimit(resource.RLIMIT_STACK, (stack_bytes if hard == resource.RLIM_INFINITY
                                               else min(stack_bytes, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_STACK, (soft, hard))


def wait_or_kill(proc: subprocess.Popen, timeout: float) -> int:
    """`proc`'s exit status once it ends, within `timeout` seconds; past it the program is
    killed and `subprocess.TimeoutExpired` raised. Where Linux gives a process descriptor
    (``pidfd_open``) the end is heard at once; `Popen.wait` with a timeout polls, and heard
    the end of a 20 ms replay some 10 ms late."""
    try:
        ended = _ended_within(proc.pid, timeout)
    except (AttributeError, OSError):  # no process descriptors here (not Linux): poll
        ended = None
    try:
        if ended is False:
            raise subprocess.TimeoutExpired(proc.args, timeout)
        return proc.wait() if ended else proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise


def _ended_within(pid: int, timeout: float) -> bool:
    """Has process `pid` (a child not yet waited for) ended within `timeout` seconds?"""
    descriptor = os.pidfd_open(pid)
    try:
        ready = select.poll()  # not `select.select`: a descriptor past 1023 is out of its range
        ready.register(descriptor, select.POLLIN)
        return bool(ready.poll(max(0.0, timeout) * 1000))
    finally:
        os.close(descriptor)
