"""The warm server's next request process, forked and warmed while the server is idle.

A fork per request keeps runs apart (`verifier.server`), but a fresh fork of the
large server pays on its first steps: the fork itself, then a copy of every
memory page it writes to (copy-on-write: touching an object writes its reference
count; some 3,500 pages, above 10 ms of CPU, for the proof of a small function),
and twice, as the request process forks its worker in turn. `ReadyChild` forks
the request process ahead; that forks its worker at once (`parallel.start_spare`,
which a `verify prove` run then takes), and both run a sample while the server
waits (the worker proves the C sample's ``g``, the request process renders a
report), so that the pages a request touches are already their own.

When a request comes, the server hands it over (the request line, the client's
connection and its three streams, over a socket pair), and the request process
runs it as a freshly forked one does (`server.run_child`; --timeout counts from
the request, `deadline.command_starts_now`); once it has taken on the client's
streams, directory and environment it passes them on to its worker, which waits
for them before taking a task. Each process still serves one request only; the
server forks the next `ReadyChild` once this one has ended.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import socket
import sys

__all__ = ["ReadyChild"]


class ReadyChild:
    """A request process forked ahead (see the module docstring); `done` reaches its end
    when the process and its worker have ended."""

    def __init__(self, listener: socket.socket, sample: str) -> None:
        self.link, theirs = socket.socketpair()
        done, done_write = os.pipe()
        if os.fork() == 0:  # the request process
            self.link.close()
            listener.close()
            os.close(done)
            _wait_for_request(theirs, done_write, sample)  # never returns
        theirs.close()
        os.close(done_write)
        self.done = done

    def hand_over(self, conn: socket.socket, fds: list[int], request: dict) -> bool:
        """Pass `request`, the client's connection `conn` and its streams `fds` on; False when
        the process is gone (the server then forks one for the request, as without it)."""
        try:
            socket.send_fds(self.link, [json.dumps(request).encode() + b"\n"], [conn.fileno(), *fds])
            return True
        except OSError:
            return False
        finally:
            self.link.close()

    def end(self) -> None:
        """Let an idle process go (it reads the end of its link and exits, ending its worker)."""
        self.link.close()
        os.close(self.done)


def _wait_for_request(link: socket.socket, done_write: int, sample: str) -> None:
    """In the request process: fork the worker, warm up, then run the request handed over."""
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the server's "stop serving" handlers
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        from .parallel import end_spares, start_spare
        from .server import read_request, run_child, warm_report

        mine, theirs = socket.socketpair()
        start_spare(functools.partial(_worker_waits_for_client, theirs, [mine, link], done_write, sample))
        theirs.close()
        warm_report()
        try:
            request, fds = read_request(link, 4)
        except (OSError, ValueError):  # the server stopped (the end of the link): nothing to run
            request, fds = None, []
        link.close()
        if request is None or len(fds) != 4:
            for fd in fds:
                os.close(fd)
            end_spares()
            return
        conn = socket.socket(fileno=fds[0])

        def pass_on() -> None:  # the client's streams (now 1 and 2 here), directory and environment
            try:
                socket.send_fds(mine, [json.dumps({"cwd": os.getcwd(), "env": dict(os.environ)}).encode() + b"\n"],
                                [1, 2])
            except OSError:  # the worker is gone: the run starts a fresh one
                pass
            mine.close()

        run_child(conn, fds[1:], request, on_adopted=pass_on)  # never returns
    except BaseException:  # a bug here: the client (if it was handed over) hears no exit code and says so
        code = 4
    finally:
        os._exit(code)


def _worker_waits_for_client(link: socket.socket, others: list[socket.socket], done_write: int, sample: str) -> None:
    """In the worker (its `start_spare` warm-up): prove the sample, then wait for the client's
    streams, directory and environment; the request process's end of the link closed
    without them (a command that proves nothing) leaves them as they are."""
    from .server import read_request

    for other in others:
        other.close()
    os.close(done_write)
    _prove_sample(sample)
    try:
        message, fds = read_request(link)
    except (OSError, ValueError):
        return
    finally:
        link.close()
    for target, fd in zip((1, 2), fds):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdout = open(1, "w", closefd=False, buffering=1 if os.isatty(1) else -1)
    sys.stderr = open(2, "w", closefd=False, buffering=1, errors="backslashreplace")
    os.chdir(message["cwd"])
    os.environ.clear()
    os.environ.update(message["env"])


def _prove_sample(path: str) -> None:
    """Prove the C sample's ``g`` (a function without loops: no process is forked) and drop the result."""
    from .config import DEFAULT_CHECKS
    from .deadline import function_deadline
    from .load import load_program
    from .proving import prove_function
    from .server import WARM_ENGINES_S

    prove_function(load_program(path, None, None), "g", DEFAULT_CHECKS,
                   function_deadline(DEFAULT_CHECKS, WARM_ENGINES_S))

