"""Progress on stderr: a rich bar on a terminal, nothing extra when piped (plain lines with -v or on long runs)."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import verifier.progress
from verifier.progress import Progress

SAFE_C = "void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n"


def run(*args: str, cwd: Path, stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verifier.cli", *args], stdout=subprocess.PIPE, stderr=stderr,
                          text=True, cwd=cwd, timeout=300)


def test_piped_short_run_prints_nothing_extra(tmp_path):
    (tmp_path / "f.c").write_text(SAFE_C)
    p = run("prove", "--no-cache", "f.c", cwd=tmp_path)
    assert p.returncode == 0 and p.stderr == ""


def test_verbose_piped_run_prints_a_plain_line_per_file(tmp_path):
    (tmp_path / "f.c").write_text(SAFE_C)
    (tmp_path / "g.c").write_text(SAFE_C.replace("void f", "void g"))
    p = run("prove", "--no-cache", "-v", "f.c", "g.c", cwd=tmp_path)
    lines = p.stderr.splitlines()
    assert [line.split("]")[0] for line in lines[:2]] == ["verify: [1/2", "verify: [2/2"]
    assert all("1 yes" in line for line in lines[:2])
    assert lines[-1] == "verify: 0 file(s) answered from the cache, 2 checked"


def test_quiet_prints_no_progress(tmp_path):
    (tmp_path / "f.c").write_text(SAFE_C)
    p = run("prove", "--no-cache", "-q", "-v", "f.c", cwd=tmp_path)
    assert "verify: [" not in p.stderr


def test_terminal_gets_a_rich_progress_bar(tmp_path):
    (tmp_path / "f.c").write_text(SAFE_C)
    leader, follower = pty.openpty()
    try:
        p = run("prove", "--no-cache", "f.c", cwd=tmp_path, stderr=follower)
        os.close(follower)
        follower = -1
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    assert p.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert "verifying" in text and "0/1" in text  # the bar, drawn before the file finished


def test_long_piped_runs_print_a_heartbeat(monkeypatch):
    monkeypatch.setattr(verifier.progress, "HEARTBEAT_S", 0.0)
    out = io.StringIO()
    with Progress(3, stream=out) as progress:
        for name in ("a.c", "b.c", "c.c"):
            progress.advance(name)
    assert out.getvalue().splitlines() == ["verify: 1 of 3 files done (0s)", "verify: 2 of 3 files done (0s)"]


def test_version():
    p = subprocess.run([sys.executable, "-m", "verifier.cli", "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith("verify, version ")
