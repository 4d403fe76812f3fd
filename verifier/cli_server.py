"""`verify server start|stop|status`: a warm server for the current directory (see `verifier.server`).

While one runs, `verify COMMAND ...` started from this directory is run by
it (same output, same exit code) instead of loading everything again; with
none, or with `VERIFY_NO_SERVER` set, commands run in-process as always.
`status` exits 0 when a server runs here and 1 when none does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import click

from .client import NO_SERVER_ENV, socket_path
from .server import request

#: how long `start` waits for the server to load everything and listen
START_WAIT_S = 120.0
#: how long `stop` waits for the server to go
STOP_WAIT_S = 10.0


def log_path(directory: str) -> str:
    """Where the server for `directory` writes what it prints (its start-up errors)."""
    return socket_path(directory)[: -len(".sock")] + ".log"


@click.group(name="server")
def server() -> None:
    """A warm server for this directory (like mypy's daemon): commands start in milliseconds."""


@server.command()
def start() -> None:
    """Start the server for the current directory (if none runs yet)."""
    directory = os.getcwd()
    running = request(directory, {"op": "status"})
    if running is not None:
        click.echo(f"verify server: already running for {directory} (pid {running['pid']})")
        return
    with open(log_path(directory), "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "verifier.server", directory], stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                env={**os.environ, NO_SERVER_ENV: "1"})
    end = time.monotonic() + START_WAIT_S
    while time.monotonic() < end:
        status = request(directory, {"op": "status"})
        if status is not None:
            click.echo(f"verify server: started for {directory} (pid {status['pid']})")
            return
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    click.echo(f"verify: error: the server did not start (see {log_path(directory)})", err=True)
    sys.exit(4)


@server.command()
def stop() -> None:
    """Stop the server for the current directory."""
    directory = os.getcwd()
    if request(directory, {"op": "stop"}) is None:
        click.echo(f"verify server: none running for {directory}")
        return
    end = time.monotonic() + STOP_WAIT_S
    while os.path.exists(socket_path(directory)) and time.monotonic() < end:
        time.sleep(0.05)
    click.echo("verify server: stopped")


@server.command()
def status() -> None:
    """Is a server running for the current directory? (exit 0 yes, 1 no)"""
    directory = os.getcwd()
    answer = request(directory, {"op": "status"})
    if answer is None:
        click.echo(f"verify server: none running for {directory}")
        sys.exit(1)
    click.echo(f"verify server: running for {directory} (pid {answer['pid']}, {answer['requests']} requests, "
               f"up {answer['uptime_s']:.0f}s)")
