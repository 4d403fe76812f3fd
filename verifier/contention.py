"""How busy the machine is: caps meant as an amount of work, not of wall time, are stretched on a loaded machine.

A phase capped at one second of wall time gets a tenth of the work done when ten processes share each core, and a
search that finds its invariant alone (sampling, Houdini) then finds nothing. The stretch is read off the one-minute
load average per core; it never exceeds `MAX_STRETCH`, and a phase's share of the whole deadline still bounds it.
"""

from __future__ import annotations

import os

#: The most a cap is stretched (at a load of four processes per core and above).
MAX_STRETCH = 4.0


def stretch() -> float:
    """Wall seconds a busy process needs per CPU second now: 1.0 on a machine with a core to spare."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load average on this platform
        return 1.0
    return min(MAX_STRETCH, max(1.0, load / (os.cpu_count() or 1)))
