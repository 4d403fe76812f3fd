"""Leave no process behind, not even a zombie, when a worker is killed.

A worker leads its own process group (its solver lanes, the refuter, gcc all
belong to it). Killing the group also kills the worker, so its children are
orphaned; a container's init may never reap them. `adopt_orphans` makes this
process their reaper while workers run (Linux's ``PR_SET_CHILD_SUBREAPER``;
elsewhere nothing changes), and `reap_group` waits for the killed members of
a group once they are this process's children. Only processes of that group
are waited for, so children that other code owns are never taken from it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

from .procstat import stat_fields

#: prctl(2) options
_PR_SET_PDEATHSIG, _PR_SET_CHILD_SUBREAPER, _PR_GET_CHILD_SUBREAPER = 1, 36, 37
#: how long `reap_group` waits for killed processes to end
REAP_WAIT_S = 1.0


@contextlib.contextmanager
def adopt_orphans() -> Iterator[None]:
    """Within the block, orphaned descendants become this process's children."""
    prctl = _prctl()
    previous = None
    if prctl is not None:
        import ctypes

        flag = ctypes.c_int(0)
        if prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(flag), 0, 0, 0) == 0:
            previous = flag.value
            prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    try:
        yield
    finally:
        if prctl is not None and previous is not None:
            prctl(_PR_SET_CHILD_SUBREAPER, previous, 0, 0, 0)


def reap_group(pgid: int, wait_s: float = REAP_WAIT_S) -> None:
    """Wait (at most `wait_s`) for the members of process group `pgid` that are
    this process's children; call it after the group was sent SIGKILL."""
    end = time.monotonic() + wait_s
    if not os.path.exists(f"/proc/{pgid}"):  # the leader is gone: wait for the group's children of ours at once
        while True:
            try:
                done, _ = os.waitpid(-pgid, os.WNOHANG)
            except ChildProcessError:  # none (left)
                return
            if not done:
                if time.monotonic() >= end:
                    return
                time.sleep(0.005)
    for pid in group_members(pgid):
        while pid != pgid:  # the leader is the caller's own child: joined by whoever started it
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # not a child of ours (or reaped already)
                break
            if done or time.monotonic() >= end:
                break
            time.sleep(0.005)


def group_members(pgid: int) -> list[int]:
    """The processes (zombies included) of group `pgid`, from /proc (empty where there is none)."""
    members = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        fields = stat_fields(entry)
        if fields is not None and len(fields) > 2 and int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def _prctl():
    """libc's prctl, or None off Linux."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def end_with_parent() -> bool:
    """Have this process killed when the process that forked it ends (Linux's
    ``PR_SET_PDEATHSIG``); False where that cannot be arranged, or when the parent has already gone."""
    import signal

    parent = os.getppid()
    prctl = _prctl()
    if prctl is None or prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return False
    return os.getppid() == parent
