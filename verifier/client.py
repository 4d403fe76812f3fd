"""Hand a `verify` command line to a running warm server, if there is one (see `verifier.server`).

Kept small and cheap to import: it runs before click and the rest load, so a
forwarded command costs little more than the interpreter's own start. The
server runs the command on this process's own stdin, stdout and stderr
(passed over the socket), so the output, the terminal's progress bar and the
exit code are what an in-process run gives. `forward` returns None whenever
the command was not run there -- no server for this directory, it is
starting, stopping, or its sources are out of date -- and the caller runs it
itself.
"""

from __future__ import annotations

# `_signal` and `_socket` (imported when a server runs here) are the C modules under `signal` and
# `socket`: those two build enums of every constant when imported, some 4 ms of every forwarded command
import _signal
import os
import sys
import zlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import _socket

#: set (to anything) to never forward; the server sets it for itself and its children
NO_SERVER_ENV = "VERIFY_NO_SERVER"
#: an internal error (DESIGN.md), when the server's child ended without reporting an exit code
INTERNAL_ERROR = 4


def socket_path(directory: str) -> str:
    """Where the server for `directory` listens (one per directory, as mypy's daemon;
    in $TMPDIR or /tmp: a socket path must stay short)."""
    where = os.path.realpath(directory).encode("utf-8", "surrogateescape")
    # two CRC-32s make 64 bits, as the SHA-256 prefix did, without loading OpenSSL (some 7 ms of every command)
    digest = f"{zlib.crc32(where):08x}{zlib.crc32(where[::-1]):08x}"
    return os.path.join(os.environ.get("TMPDIR") or "/tmp", f"verify-{os.getuid()}-{digest}.sock")


def forward(args: list[str], prog_name: str) -> int | None:
    """Run `verify ARGS` in the server for the current directory; its exit code, or None
    when no server ran it (nothing has been printed then)."""
    if os.environ.get(NO_SERVER_ENV):
        return None
    path = socket_path(os.getcwd())
    if not os.path.exists(path):
        return None
    import _socket
    import json

    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.connect(path)
        request = {"op": "run", "args": args, "prog": prog_name, "cwd": os.getcwd(), "env": dict(os.environ)}
        data = json.dumps(request).encode() + b"\n"
        streams = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))  # as `socket.send_fds` packs them
        sent = conn.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, streams)])
        conn.sendall(data[sent:])
        replies = _Lines(conn)
        started = json.loads(replies.readline() or "null")
    except (OSError, ValueError):
        conn.close()
        return None
    if not isinstance(started, dict) or "pid" not in started:  # stale or stopping: nothing was run
        conn.close()
        return None
    try:
        return _wait_for_exit(replies, started["pid"])
    finally:
        conn.close()


class _Lines:
    """The lines the server sends on a connection."""

    def __init__(self, conn: _socket.socket) -> None:
        self.conn, self.buffer = conn, b""

    def readline(self) -> bytes:
        """The next line, with its end; b"" once the server closed the connection."""
        while b"\n" not in self.buffer:
            more = self.conn.recv(4096)
            if not more:
                break
            self.buffer += more
        line, end, self.buffer = self.buffer.partition(b"\n")
        return line + end


def _wait_for_exit(replies: _Lines, pid: int) -> int:
    """The exit code the server's child reports; ^C and SIGTERM here are passed on to it."""

    def pass_on(signum, frame) -> None:
        try:
            os.kill(pid, signum)
        except OSError:
            pass

    import json

    before = {s: _signal.signal(s, pass_on) for s in (_signal.SIGINT, _signal.SIGTERM)}
    try:
        while True:
            try:
                line = replies.readline()
                break
            except InterruptedError:
                continue
        done = json.loads(line) if line else None
    except (OSError, ValueError):
        done = None
    finally:
        for s, handler in before.items():
            _signal.signal(s, handler)
    if not isinstance(done, dict) or "exit" not in done:
        print("verify: error: INTERNAL ERROR: the verify server ended the command without an exit code "
              "(run `verify server stop` and try again)", file=sys.stderr, flush=True)
        return INTERNAL_ERROR
    return int(done["exit"])
