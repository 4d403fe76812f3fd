"""A process's numbers from Linux's /proc: its parent, group, CPU time and age.

Elsewhere (no /proc) each answer is None or 0, and callers fall back.
"""

from __future__ import annotations

import os

__all__ = ["stat_fields", "process_age", "cpu_seconds"]


def stat_fields(pid: int | str = "self") -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (the state, field 3,
    is at index 0; the parent at 1, the group at 2); None when unreadable."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def process_age(pid: int | str = "self") -> float | None:
    """Seconds since process `pid` started; None when /proc cannot say."""
    fields = stat_fields(pid)
    try:
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"))  # type: ignore[index]
    except (OSError, ValueError, IndexError, TypeError):
        return None


def cpu_seconds(pid: int | str = "self") -> float:
    """CPU seconds (user and system) process `pid` has used so far; 0 when it is gone."""
    fields = stat_fields(pid)
    try:
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # type: ignore[index]
    except (ValueError, IndexError, TypeError):
        return 0.0
