"""The result cache: an unchanged file costs nothing on the next run.

An entry holds the results of one file (or its input error) under a key that
hashes the file's bytes, the path as given, the options that change answers
(checks, integer semantics, timeout, function) and the tool: its version
(`verifier.__version__`) and a fingerprint of its own source
files, so an edited checkout never answers from a stale entry.

Entries live in `.verify_cache/` at the project root, which carries its own
`.gitignore` (`*`) and a `CACHEDIR.TAG`. Writes are atomic (write, then
rename); an entry that cannot be read or decoded is a miss and is removed. The
cache keeps at most `MAX_ENTRIES` entries, dropping the least recently used first. Answers
that say nothing about the file (a crashed worker, a check left open at the deadline) are never stored.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .registry import WORKER_CRASHED, UnknownReason
from .result import Certificate, Counterexample, Location, NondetSource, Result, TraceStep, Verdict

#: bump when the entry layout changes
FORMAT = 1
#: a few thousand files' worth; one entry is a few kB
MAX_ENTRIES = 4000
#: results whose reason starts like this depend on the run, not on the file:
#: a crashed worker, a run that did not finish by its deadline, and one that
#: `--exit-first` stopped at another check's no
TRANSIENT_REASONS = (WORKER_CRASHED, UnknownReason.TIMEOUT.describe(), UnknownReason.STOPPED.describe())
CACHE_DIR_NAME = ".verify_cache"


@dataclass
class Entry:
    """What a file produced: results, or the input error that stopped it."""

    results: list[Result]
    error: InputError | None = None


class Cache:
    """A directory of entries; `enabled=False` makes every lookup a miss and every store a no-op."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.dir = root / CACHE_DIR_NAME / f"v{FORMAT}"
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self._salt: str | None = None

    def key(self, path: str, content: bytes, options: dict[str, Any]) -> str:
        """The entry key of `path` with `content` under `options`."""
        import hashlib  # here: a run without the cache (--no-cache) makes no key, and needs none of OpenSSL

        digest = hashlib.sha256()
        digest.update(self._tool_salt().encode())
        digest.update(json.dumps(options, sort_keys=True, default=str).encode())
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(content)
        return digest.hexdigest()

    def get(self, key: str) -> Entry | None:
        """The entry stored under `key`, or None (a miss) if absent or unreadable."""
        if not self.enabled:
            self.misses += 1
            return None
        target = self.dir / key[:2] / f"{key}.json"
        try:
            data = json.loads(target.read_bytes())
            entry = _entry_from_json(data)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # corrupt or from an incompatible layout: a miss, and drop it
            self.misses += 1
            _unlink(target)
            return None
        self.hits += 1
        try:
            os.utime(target)  # recently used: pruned last
        except OSError:
            pass
        return entry

    def put(self, key: str, entry: Entry) -> None:
        """Store `entry` under `key` (unless caching is off or the entry is transient)."""
        if not self.enabled or any(r.reason.startswith(TRANSIENT_REASONS) for r in entry.results):
            return
        target = self.dir / key[:2] / f"{key}.json"
        try:
            self._prepare()
            target.parent.mkdir(exist_ok=True)
            import tempfile

            data = json.dumps(_entry_to_json(entry), separators=(",", ":")).encode()
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except OSError:
            return  # a read-only or full disk makes the cache useless, never the run wrong

    def prune(self, limit: int = MAX_ENTRIES) -> None:
        """Drop the oldest entries beyond `limit`."""
        if not self.enabled or not self.dir.is_dir():
            return
        entries = [p for sub in self.dir.iterdir() if sub.is_dir() for p in sub.glob("*.json")]
        if len(entries) <= limit:
            return
        def mtime(p: Path) -> float:
            try:
                return p.stat().st_mtime
            except OSError:
                return 0.0
        for path in sorted(entries, key=mtime)[: len(entries) - limit]:
            _unlink(path)

    def _prepare(self) -> None:
        top = self.dir.parent
        if (top / ".gitignore").exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        (top / ".gitignore").write_text("# Created by verify automatically.\n*\n")
        (top / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                                          "# This file is a cache directory tag created by verify.\n")

    def _tool_salt(self) -> str:
        if self._salt is None:
            self._salt = loaded_tool_fingerprint()
        return self._salt


#: `loaded_tool_fingerprint`'s answer, once computed in this process (forks inherit it)
_LOADED_FINGERPRINT: str | None = None


def loaded_tool_fingerprint() -> str:
    """The fingerprint of the code this process runs: `tool_fingerprint()` the first
    time it is asked for (the modules a process imported do not change under it; the
    warm server, whose forks inherit this, compares `tool_fingerprint()` with it
    for each request and declines when the sources changed)."""
    global _LOADED_FINGERPRINT
    if _LOADED_FINGERPRINT is None:
        _LOADED_FINGERPRINT = tool_fingerprint()
    return _LOADED_FINGERPRINT


def tool_fingerprint() -> str:
    """The tool's version plus the sizes and modification times of its source files."""
    from . import __version__

    parts = [__version__]
    parts.append(f"py{sys.version_info[0]}.{sys.version_info[1]}/fmt{FORMAT}")
    package = Path(__file__).resolve().parent
    roots = [package, package.parent / "grammars"]
    for root in roots:
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            # relpath once per directory: it is slow, and the warm server fingerprints for every request
            relative = os.path.relpath(dirpath, root)
            for name in sorted(filenames):
                if name.endswith((".py", ".lark")):
                    try:
                        st = os.stat(os.path.join(dirpath, name))
                    except OSError:
                        continue
                    parts.append(f"{os.path.normpath(os.path.join(relative, name))}:{st.st_size}:{st.st_mtime_ns}")
    import hashlib

    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def result_from_json(data: dict[str, Any]) -> Result:
    """The inverse of `Result.to_json`."""
    loc = data["location"]
    cex = data.get("counterexample")
    cert = data.get("certificate")
    return Result(
        check=data["check"],
        target=data["target"],
        location=Location(loc["file"], int(loc.get("line", 0)), int(loc.get("column", 0))),
        verdict=Verdict(data["verdict"]),
        reason=data.get("reason") or "",
        counterexample=_counterexample(cex) if cex else None,
        certificate=Certificate(cert["kind"], cert["text"], list(cert.get("checked_by", [])), cert.get("note", ""),
                                cert.get("scope", ""), cert.get("assumes", ""))
        if cert else None,
        engine=data.get("engine", ""),
        time_s=float(data.get("time_s", 0.0)),
        vacuous=bool(data.get("vacuous", False)),
        message=data.get("message") or "",
    )


def _counterexample(data: dict[str, Any]) -> Counterexample:
    return Counterexample(
        inputs=dict(data.get("inputs", {})),
        nondet=list(data.get("nondet", [])),
        trace=[TraceStep(int(s["line"]), dict(s["values"])) for s in data.get("trace", [])],
        request=data.get("request"),
        decisions=data.get("decisions"),
        outputs=data.get("outputs"),
        confirmed=bool(data.get("confirmed", False)),
        replay=data.get("replay", ""),
        explored=data.get("explored"),
        nondet_sources=[NondetSource(str(s["label"]), int(s.get("line", 0)), bool(s.get("read", True)))
                        for s in data.get("nondet_sources", [])],
        arguments=data.get("arguments"),
    )


def _entry_to_json(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {"results": [r.to_json() for r in entry.results]}
    if entry.error is not None:
        e = entry.error
        data["error"] = {"path": e.path, "line": e.line, "column": e.column, "message": e.message, "kind": e.kind}
    return data


def _entry_from_json(data: dict[str, Any]) -> Entry:
    error = data.get("error")
    return Entry([result_from_json(r) for r in data["results"]],
                 InputError(error["path"], error["line"], error["column"], error["message"], error["kind"])
                 if error else None)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
