"""The dataclass methods the command compiles, kept between runs as Python keeps bytecode.

`@dataclass` writes the source of each class's `__init__`, `__repr__`, `__eq__` (and, frozen,
`__setattr__`, `__delattr__`) and compiles it with `exec` as the class is defined: the ~100
dataclasses a cold `verify prove` loads spend some 40 ms of its CPU there, half of it in the
command before its worker and helper are forked. `reuse_compiled_methods` makes the
`dataclasses` module's `exec` look each source text up among the code objects compiled by
earlier runs, and compile (as `exec` would) only the texts it has not seen; `save` writes the
ones it compiled. The methods are the same: the same text compiled the same way (no inherited
`__future__` flags, filename ``<string>``) gives the same code, run by `exec` in the same
namespaces.

The store lives beside the package's bytecode (``verifier/__pycache__``, or under
`sys.pycache_prefix`), is written only where bytecode would be (not with
``PYTHONDONTWRITEBYTECODE``), and is keyed by the interpreter's cache tag, so a Python of
another version never reads it; an unreadable or foreign one is ignored. The command turns
this on before anything defines a dataclass (`cli`); its forked processes inherit it and
save what they compiled themselves. Library use (``import verifier``) is left as it is.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
from types import CodeType

__all__ = ["compiled_here", "reuse_compiled_methods", "save"]

#: the most source texts kept: past it, a save keeps only those this process used (old versions of
#: the package's classes drop out)
MAX_ENTRIES = 2000

#: source text -> marshalled code (unmarshalled when first used), as read from the store
_stored: dict[str, bytes] = {}
#: source text -> code, compiled or unmarshalled by this process (or the process it was forked from)
_used: dict[str, CodeType] = {}
#: how many texts the store did not hold this process compiled, and how many of them it has saved
_compiled = 0
_saved = 0


def reuse_compiled_methods() -> None:
    """Read the store, and from now on compile each dataclass method's source text only once across runs."""
    import dataclasses

    path = _store_path()
    if path is None:
        return
    _stored.update(_read(path))
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # a module global shadows the builtin it calls


def save() -> None:
    """Write the store with the texts this process compiled, if it compiled any (and bytecode may be written)."""
    global _saved
    path = _store_path()
    if _compiled == _saved or path is None or sys.dont_write_bytecode:
        return
    _saved = _compiled
    entries = {**_stored, **_read(path)}  # what other processes saved meanwhile is kept
    mine = {text: marshal.dumps(code) for text, code in _used.items()}
    entries = {**entries, **mine} if len(entries) + len(mine) <= MAX_ENTRIES else mine
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as f:
            f.write(marshal.dumps((sys.version, entries)))
        os.replace(temporary, path)  # readers see the old store or the new one, never half of one
    except OSError:  # a read-only installation: nothing kept, as for bytecode
        try:
            os.unlink(temporary)
        except OSError:
            pass


def compiled_here() -> int:
    """How many method source texts this process (with the one it was forked from) compiled, not finding them stored."""
    return _compiled


def _exec(source, globals=None, locals=None, /):  # noqa: A002  (exec's own parameter names)
    """`exec`, with a source text's code taken from the store (or compiled once) rather than compiled each time."""
    global _compiled
    if isinstance(source, str):
        code = _used.get(source)
        if code is None:
            blob = _stored.get(source)
            try:
                code = marshal.loads(blob) if blob is not None else None
            except (ValueError, EOFError, TypeError):
                code = None
            if not isinstance(code, CodeType):
                code = compile(source, "<string>", "exec", dont_inherit=True)
                _compiled += 1
            _used[source] = code
        source = code
    return builtins.exec(source, globals, locals)


def _read(path: str) -> dict[str, bytes]:
    """The store at `path` (text -> marshalled code), if it was written by this very interpreter; else empty."""
    try:
        with open(path, "rb") as f:
            version, entries = marshal.loads(f.read())
    except (OSError, ValueError, EOFError, TypeError):  # none yet, or unreadable
        return {}
    if version != sys.version or not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, bytes)}


def _store_path() -> str | None:
    """Where the store of this interpreter version lives (None when it has no bytecode cache tag)."""
    tag = sys.implementation.cache_tag
    if tag is None:
        return None
    package = os.path.dirname(os.path.abspath(__file__))
    folder = (os.path.join(sys.pycache_prefix, package.lstrip(os.sep)) if sys.pycache_prefix
              else os.path.join(package, "__pycache__"))
    return os.path.join(folder, f"dataclass_methods.{tag}.marshal")
