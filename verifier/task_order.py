"""Which file a batch starts first: the ones likely to take longest.

With `--jobs N`, the batch ends when its last file does; a long file started
last runs alone while the other cores wait (on 100 files of bench/loops and
bench/memory at --jobs 2, the last twentieth of a run kept about one core
busy). Started first, long files overlap with the many short ones, which then
fill the cores at the end (longest processing time first, the classic rule
for scheduling jobs on identical machines).

How long a file takes is guessed from its text before it is parsed: loops
cost the most (invariants, unrolling, a sampling lane), so the guess counts
the loop keywords and breaks ties by size. A file that cannot be read counts
as quick (its answer is an input error).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

__all__ = ["expected_cost", "longest_first", "file_size"]

#: a loop keyword of C or Python (`do` loops end with a `while` too)
_LOOP = re.compile(rb"\b(?:for|while)\b")
#: bytes of source that count as much as one loop in the guess (only ties are broken by size)
_BYTES_PER_LOOP = 1 << 20


def expected_cost(path: str) -> int:
    """A guess of how long proving the file at `path` takes, in no unit: larger is longer."""
    try:
        with open(path, "rb") as f:
            text = f.read()
    except OSError:
        return 0
    return len(_LOOP.findall(text)) * _BYTES_PER_LOOP + len(text)


def file_size(path: str) -> int:
    """The size of the file at `path` in bytes (0 when it cannot be read): the guess for a policy,
    whose checks take longer the more statements and actions it lists."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def longest_first(paths: Sequence[str]) -> list[int]:
    """The indexes of `paths`, the file expected to take longest first (equal guesses keep their order)."""
    costs = [expected_cost(p) for p in paths]
    return sorted(range(len(paths)), key=lambda i: -costs[i])
