"""The two ways the oracles run a program for real: a C harness built with gcc's undefined-behaviour
sanitizer, and a Python driver fed its payload on stdin. Each returns what the run printed, also when
the time limit stopped it (the lines printed by then are answers; the cases after them are not)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["c_harness_output", "python_driver_output"]


def c_harness_output(text: str, timeout: float) -> str:
    """Compile the C harness `text` (gcc -fsanitize=undefined, stopping at the first report) and run it."""
    with tempfile.TemporaryDirectory(prefix="fuzz-c-") as tmp:
        source, binary = Path(tmp, "harness.c"), Path(tmp, "harness")
        source.write_text(text)
        subprocess.run(["gcc", "-O0", "-w", "-std=gnu11", "-fsanitize=undefined", "-fno-sanitize-recover=all",
                        str(source), "-o", str(binary)], check=True, capture_output=True, text=True)
        return _output([str(binary)], None, timeout)


def python_driver_output(driver: str, payload: str, timeout: float) -> str:
    """Run the Python program `driver` in a fresh interpreter with `payload` on its stdin."""
    return _output([sys.executable, "-c", driver], payload, timeout)


def _output(command: list[str], stdin: str | None, timeout: float) -> str:
    try:
        return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=timeout).stdout
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
