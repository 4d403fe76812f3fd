# expect: prove=no terminates=yes
"""A C struct {found, index} filled by a linear search: the flag is read but the index is off by one."""
from dataclasses import dataclass


@dataclass
class Hit:
    found: bool
    index: int


def first_multiple(n: int, k: int) -> int:
    if n < 1 or n > 50 or k < 1:
        return -1
    h = Hit(found=False, index=-1)
    i = 1
    while i <= n and not h.found:
        if i % k == 0:
            h.found = True
            h.index = i
        i += 1
    if h.found:
        assert h.index % k == 0
        assert h.index < n
    return h.index
