"""Cyclic garbage collection around a process's start-up imports.

Importing a few hundred modules makes objects that live as long as the process, and the
collector, run every few hundred allocations, walks them again and again for nothing. `verify`
loads its modules with collection off (`cli`), and each of its processes turns it back on once
its imports are done (the command before it runs, the spare worker after its warm-up):
`resume_collecting` first moves what exists then to the collector's permanent generation
(`gc.freeze`, the pattern Python's documentation gives for processes that fork), so that later
collections walk only what was made since, and a forked process's pages are not written by them.
"""

from __future__ import annotations

import gc

__all__ = ["resume_collecting"]


def resume_collecting() -> None:
    """Turn cyclic collection back on if it was off, leaving the objects that exist now to the
    permanent generation (never walked nor collected); nothing if it was on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
