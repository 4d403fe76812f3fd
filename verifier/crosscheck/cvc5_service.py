"""cvc5's re-checks answered by a helper process that loaded cvc5 while the worker did other work.

A cold `verify prove f.c` spent some 15-20 ms of its worker's CPU importing cvc5 for the second
opinion on a yes, on the path to its answer. The helper that parses the file (`parse_ahead`) has
nothing left to do once it has sent the program: it then loads cvc5 (`cvc5_native.load`: its C API, some
4 ms, `cvc5_capi`) and answers cvc5 queries
(`serve`), one at a time, through a pair of pipes. The worker that took the program asks it
(`attach`, then `ask`): `recheck` reads cvc5's answer, or cvc5's rejection of the text, exactly as
from a call in its own process (the same `cvc5_native.cvc5_unsat` runs in the helper), and asks
cvc5 in its own process whenever the helper cannot answer: none was attached, it is gone, cvc5 is
missing there, it failed on the text, another thread is asking it, or this is a process forked
from the worker (a lane), which must not use the worker's pipes. A helper that does not answer by
the query's time limit (and `GRACE_S`) is killed: the query has no answer, as a cvc5 that ran out
of time in the worker's own process.

Messages are pickles, each after its length (4 bytes). The helper first says whether cvc5 is
there (``("ready",)`` or ``("missing",)``); then each query ``(text, timeout_s, logic)`` gets
``("answer", bool | None)``, ``("rejected", message)`` (cvc5 raised RuntimeError: it rejected the
text) or ``("failed",)`` (anything else: the worker asks its own cvc5 and meets the failure there).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import threading
import time

__all__ = ["UNAVAILABLE", "Client", "ask", "attach", "available", "detach", "serve"]

#: what `ask` returns when the helper cannot answer (the caller asks cvc5 itself)
UNAVAILABLE = object()
#: how long past a query's time limit the helper's answer is waited for (cvc5 reads the text first)
GRACE_S = 0.2
_HEADER = struct.Struct("!I")
#: what `Client._next` returns when no message came in time
_LATE = ("late",)


def serve(requests: int, answers: int) -> None:
    """The helper's side: load cvc5, say whether it is there, then answer each query read
    from `requests` on `answers` until every process holding the other end has closed it."""
    from .cvc5_native import cvc5_unsat, load

    try:
        load()
    except ImportError:
        _write(answers, ("missing",))
        return

    _write(answers, ("ready",))
    while (query := _read(requests)) is not None:
        text, timeout_s, logic = query
        try:
            reply: tuple = ("answer", cvc5_unsat(text, timeout_s, logic))
        except RuntimeError as error:  # what cvc5 raises for a text it rejects
            reply = ("rejected", str(error))
        except Exception:  # noqa: BLE001 (the worker's own cvc5 meets it again and reports it)
            reply = ("failed",)
        _write(answers, reply)


class Client:
    """The asking end of a helper serving cvc5 (process `pid`): queries go to `requests`, answers
    come from `answers`; only the process that made it asks."""

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        self.pid, self.requests, self.answers = pid, requests, answers
        self.owner = os.getpid()  # the one process that asks: a process forked from it never uses these pipes
        self.ready: bool | None = None  # has the helper loaded cvc5 (None: not said yet)
        self.alive = True
        self.lock = threading.Lock()

    def ask(self, text: str, timeout_s: float, logic: str):
        """cvc5's answer (True unsat, False sat, None none in time); RuntimeError when cvc5 rejected
        the text; `UNAVAILABLE` when the helper cannot answer (gone, missing cvc5, busy with another
        thread's query, failed on this text, or this is not the process it serves)."""
        if os.getpid() != self.owner or not self.alive or not self.lock.acquire(blocking=False):
            return UNAVAILABLE
        try:
            began = time.monotonic()
            if self.ready is None:  # it loads cvc5 once it has sent the program: wait as long as the query may
                said = self._next(timeout_s)
                self.ready = said == ("ready",)
                if said != ("ready",):
                    self.close()
            if not self.ready or not self.alive:
                return UNAVAILABLE
            left = timeout_s - (time.monotonic() - began)
            try:
                _write(self.requests, (text, left, logic))
            except OSError:  # gone
                self.close()
                return UNAVAILABLE
            reply = self._next(left + GRACE_S)
            if reply is None or reply == _LATE:  # gone, or out of time: killed either way (an answer
                self.close()  # that came late must not be read as the next query's)
                return UNAVAILABLE if reply is None else None
            if reply[0] == "answer":
                return reply[1]
            if reply[0] == "rejected":
                raise RuntimeError(reply[1])
            return UNAVAILABLE
        finally:
            self.lock.release()

    def _next(self, wait_s: float) -> tuple | None:
        """The helper's next message; `_LATE` when none came within `wait_s`; None when it is gone."""
        ready, _, _ = select.select([self.answers], [], [], max(0.0, wait_s))
        if not ready:
            return _LATE
        try:
            return _read(self.answers)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None

    def close(self) -> None:
        """End the helper: close the pipes and kill it (its parent collects it)."""
        if not self.alive or os.getpid() != self.owner:
            return
        self.alive = False
        for fd in (self.requests, self.answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):  # not this process's child: its parent collects it
            os.waitpid(self.pid, 0)


#: the helper this process asks (`attach`)
_client: Client | None = None


def attach(client: Client) -> None:
    """Ask `client`'s helper from now on (the one asked before is ended)."""
    global _client
    detach()
    _client = client


def detach() -> None:
    """End the helper this process asks, if any: cvc5 is asked in this process from now on."""
    global _client
    client, _client = _client, None
    if client is not None:
        client.close()


def available() -> bool:
    """Is there a helper this process may ask (it may still be loading cvc5)?"""
    return _client is not None and _client.alive and _client.owner == os.getpid() and _client.ready is not False


def ask(text: str, timeout_s: float, logic: str):
    """`Client.ask` of the helper this process asks; `UNAVAILABLE` when there is none."""
    return UNAVAILABLE if _client is None else _client.ask(text, timeout_s, logic)


def _write(fd: int, message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _read(fd: int) -> tuple | None:
    """The next message on `fd` (None at its end)."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    data = _read_exactly(fd, _HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
