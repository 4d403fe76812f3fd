"""A forked child process and a channel of pickled messages to it, without `multiprocessing`.

`verify prove` forks its first worker before click loads (`parallel.start_spare`): what the command
imports before that fork is paid before any work starts. `multiprocessing`, with its connection
module, loads sockets, temporary files, archives and `subprocess` (some 10 ms of a cold prove's
critical path) for what a worker needs of it: a fork, a pipe each way and a way to tell that the
child ended. `Forked` and `Channel` are those, as `multiprocessing`'s fork context gives them
(`multiprocessing.Process` with ``start``, ``pid``, ``sentinel``, ``is_alive``, ``exitcode``,
``join`` and ``kill``; ``Connection`` with ``send``, ``recv``, ``poll``, ``close`` and ``closed``), and
`wait` is `multiprocessing.connection.wait` over them.

The child runs its target with standard input on /dev/null, and ends with ``os._exit``: status 0
when the target returns, 1 when it raises (the traceback on stderr, as `multiprocessing` prints it),
or SystemExit's code. Its `sentinel` becomes readable once the child and every process that inherited
the child's end of it (those it forks) have ended.
"""

from __future__ import annotations

import math
import os
import pickle
import select
import signal
import sys
from collections.abc import Callable, Sequence

__all__ = ["Channel", "Forked", "channel_pair", "wait"]

#: bytes of the length that precedes each message
_HEADER = 8


class Channel:
    """One end of a two-way channel of pickled messages (a pipe each way)."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._read, self._write = read_fd, write_fd
        self.closed = False

    def fileno(self) -> int:
        """The descriptor that becomes readable when a message (or the other end's close) arrives."""
        self._check_open()
        return self._read

    def send(self, message: object) -> None:
        """Send `message` (pickled); OSError (BrokenPipeError) when the other end is gone."""
        self._check_open()
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(_HEADER, "little") + data)
        while view:
            view = view[os.write(self._write, view):]

    def recv(self) -> object:
        """The next message; EOFError when the other end closed before sending one."""
        self._check_open()
        size = int.from_bytes(self._read_exactly(_HEADER), "little")
        return pickle.loads(self._read_exactly(size))

    def poll(self, timeout: float = 0.0) -> bool:
        """Is a message (or the other end's close) waiting, within `timeout` seconds?"""
        return bool(wait([self.fileno()], timeout))

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            for fd in (self._read, self._write):
                try:
                    os.close(fd)
                except OSError:
                    pass

    def _read_exactly(self, size: int) -> bytes:
        chunks, left = [], size
        while left:
            chunk = os.read(self._read, min(left, 1 << 20))
            if not chunk:
                raise EOFError("the other end of the channel closed")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _check_open(self) -> None:
        if self.closed:
            raise OSError("the channel is closed")


def channel_pair() -> tuple[Channel, Channel]:
    """Two connected ends: what one sends, the other receives."""
    a_read, b_write = os.pipe()
    b_read, a_write = os.pipe()
    return Channel(a_read, a_write), Channel(b_read, b_write)


class Forked:
    """A child process, forked by `start`, that runs ``target(*args)``."""

    def __init__(self, target: Callable[..., object], args: Sequence[object] = ()) -> None:
        self._target, self._args = target, tuple(args)
        self.pid: int | None = None
        self.sentinel = -1
        self.exitcode: int | None = None

    def start(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # what is buffered is written once, not once more by the child
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        sentinel, held = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(sentinel)
            os._exit(self._run())
        os.close(held)
        self.pid, self.sentinel = pid, sentinel

    def is_alive(self) -> bool:
        return self.pid is not None and self._reap(os.WNOHANG) is None

    def join(self, timeout: float | None = None) -> None:
        """Wait (at most `timeout` seconds) until the child ended, and collect it."""
        if self.pid is None or self._reap(os.WNOHANG) is not None:
            return
        if timeout is None or wait([self.sentinel], timeout):  # every holder of the sentinel has ended: so has
            self._reap(0)  # the child (without a timeout, it alone is waited for, as multiprocessing does)
        else:
            self._reap(os.WNOHANG)

    def kill(self) -> None:
        if self.pid is not None and self.exitcode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _reap(self, flags: int) -> int | None:
        """The exit code once the child is collected (None while it runs), as `multiprocessing` gives it:
        the status, or minus the signal that killed it."""
        if self.exitcode is None and self.pid is not None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:  # collected elsewhere (a group's reaper): its status is lost
                pid, status = self.pid, 255 << 8
            if pid:
                self.exitcode = os.waitstatus_to_exitcode(status)
        return self.exitcode

    def _run(self) -> int:
        """In the child: the target's run, as an exit status."""
        code = 1
        try:
            try:
                sys.stdin.close()
                sys.stdin = open(os.devnull)  # noqa: SIM115  (the child's standard input from now on)
            except (AttributeError, OSError, ValueError):
                pass
            self._target(*self._args)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:
            import traceback

            sys.stderr.write(f"Process {os.getpid()}:\n")
            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (AttributeError, OSError, ValueError):
                    pass
        return code


def wait(objects: Sequence, timeout: float | None = None) -> list:
    """Those of `objects` (channels, or descriptors such as `Forked.sentinel`) ready to be read (a message,
    or the writer's end) within `timeout` seconds (None: no limit); empty when none is."""
    poller = select.poll()
    by_fd: dict[int, list] = {}
    for obj in objects:
        fd = obj if isinstance(obj, int) else obj.fileno()
        by_fd.setdefault(fd, []).append(obj)
        poller.register(fd, select.POLLIN)
    events = poller.poll(None if timeout is None else math.ceil(max(0.0, timeout) * 1000))
    return [obj for fd, _ in events for obj in by_fd.get(fd, ())]
