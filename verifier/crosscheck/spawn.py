"""Start a program from a background thread without a fork elsewhere holding it up.

`subprocess` starts a program with a pipe it reads until the program has
started (and, with captured output, pipes it reads to their end). A process
another thread forks meanwhile with `os.fork` (an engine lane, a worker)
copies those pipes' write ends and keeps them open until it ends, so the
starting thread waits for that process: a C harness built in the background
(`replay.warm_replay`) while the lanes are forked waited seconds for a lane.
Here, every `os.fork` of this process waits while a program is being started
(`SPAWNING`, held from before the start until the program runs; a few
milliseconds), and the output goes to a temporary file, not a pipe.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading

__all__ = ["SPAWNING", "run_to_file"]

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
        try:
            returncode = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise
        out.seek(0)
        return returncode, out.read().decode("utf-8", "replace")
