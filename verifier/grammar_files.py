"""The grammar files (`grammars/*.lark`) the C, Python and JSON parsers are built from: one reader for all three.

Installed, `grammars/` is the package data `verifier.grammars` (pyproject's
package-dir), a folder beside this module; in a checkout it is the folder
beside the package.
"""

from __future__ import annotations

from pathlib import Path

#: where `grammars/` may be: installed (verifier/grammars/), then a checkout's (grammars/ beside verifier/)
FOLDERS = (Path(__file__).resolve().parent / "grammars", Path(__file__).resolve().parent.parent / "grammars")


def grammar_text(name: str) -> str:
    """The text of the grammar file `name` (e.g. ``c.lark``)."""
    for folder in FOLDERS:
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"grammar {name} not found in {' or '.join(str(f) for f in FOLDERS)}")
