"""Lark parsers built once per user and unpickled on later starts.

Lark's own ``cache=True`` keeps a grammar's serialised tables on disk, but
rebuilding a parser from them still takes some 15 ms of every process that
parses C (`verify prove`'s worker spends it before its first file).
`lark_parser` pickles the whole built parser instead, under ~/.cache/verify
(as the policy catalogue is), keyed by the grammar text, the options, and
the versions of Lark and Python: loading it takes some 3 ms. A file that
cannot be read, is not the user's own or is writable by others, or was
written for another key is ignored, and the parser is built (and stored) again.

Pickle needs help with two things in a built parser: Lark keeps modules (its
``re``) in its configuration, pickled here by name; and its LALR tables tell a
shift from a reduction by the identity of two module-level objects
(``lark.parsers.lalr_analysis.Shift`` and ``Reduce``), pickled here as
references to them, so that the loaded tables use the very same objects.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import pickle
import sys
import types
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.parsers.lalr_analysis import Reduce, Shift

__all__ = ["lark_parser", "parser_cache_dir"]

#: changed whenever what is pickled changes shape: older files are then rebuilt
FORMAT = 1
#: parsers kept per grammar name (the newest): checkouts with different grammars do not evict each other's
KEEP = 4


def parser_cache_dir() -> Path:
    """Where built parsers are kept: $XDG_CACHE_HOME/verify, else ~/.cache/verify."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "verify"


def lark_parser(name: str, grammar: str, **options: Any) -> Lark:
    """``Lark(grammar, **options)``: unpickled when this user built it before, else built and
    stored (beside the `KEEP` - 1 newest stored for other versions of grammar `name`)."""
    key = _key(grammar, options)
    path = parser_cache_dir() / f"parser-{name}-{key[:32]}.pickle"
    parser = _load(path, key)
    if parser is None:
        parser = Lark(grammar, **options)
        _store(path, key, parser)
        _prune(path.parent, name)
    return parser


def _prune(folder: Path, name: str) -> None:
    """Remove all but the `KEEP` newest parsers stored for grammar `name`."""
    def newest_first(path: Path) -> float:
        try:
            return -path.stat().st_mtime
        except OSError:  # removed meanwhile
            return 0.0

    for stale in sorted(folder.glob(f"parser-{name}-*.pickle"), key=newest_first)[KEEP:]:
        stale.unlink(missing_ok=True)


def _key(grammar: str, options: dict[str, Any]) -> str:
    """What a built parser depends on: the grammar, the options, and the versions of Lark, Python and this format."""
    described = [f"{name}={_describe(value)}" for name, value in sorted(options.items())]
    text = "\0".join([grammar, *described, lark.__version__, sys.version, str(FORMAT)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _describe(value: Any) -> str:
    """An option's value as the key sees it: a literal as written; an object (a post-lexer, a
    transformer) by its class, and the terminals it always accepts (all Lark reads of a
    post-lexer while building the parser)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    return f"{type(value).__module__}.{type(value).__qualname__}{sorted(getattr(value, 'always_accept', ()))}"


class _ParserPickler(pickle.Pickler):
    """Pickles modules by name and Lark's shift and reduce markers as references to themselves."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, types.ModuleType):
            return importlib.import_module, (obj.__name__,)
        if obj is Shift:
            return "Shift"
        if obj is Reduce:
            return "Reduce"
        return NotImplemented


def _load(path: Path, key: str) -> Lark | None:
    """The parser stored at `path` for `key`; None when there is none this user may trust."""
    try:
        with open(path, "rb") as f:
            stat = os.fstat(f.fileno())
            if stat.st_uid != os.getuid() or stat.st_mode & 0o022:
                return None  # someone else's file: unpickling it could run their code
            stored = pickle.load(f)
    except Exception:  # absent, truncated or written by an incompatible version: rebuilt
        return None
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key and isinstance(stored[1], Lark):
        return stored[1]
    return None


def _store(path: Path, key: str, parser: Lark) -> None:
    """Keep `parser` at `path` (written aside, then renamed: a concurrent reader sees all of it or none)."""
    buffer = io.BytesIO()
    try:
        _ParserPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((key, parser))
    except (pickle.PicklingError, TypeError, AttributeError):  # a parser this cannot pickle: built every time
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(buffer.getvalue())
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs start-up time
