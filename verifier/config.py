"""Options from `[tool.verify]` in the nearest `pyproject.toml`, as ruff and mypy read theirs.

The file is the closest `pyproject.toml` with a `[tool.verify]` table, searching
upward from the current directory; its directory is the project root, against
which every glob below is matched (POSIX paths, relative to the root).
Command-line options always win over the file. Keys (all optional)::

    [tool.verify]
    timeout = 10                 # seconds per check (per function for programs)
    int-semantics = "bv"         # C integers: "bv" (bit-precise), "math" (unbounded) or "wrap" (-fwrapv)
    data-model = "LP64"          # C: "LP64" (64-bit long) or "ILP32" (32-bit long); also data_model
    checks = ["assert", "overflow", "div", "shift", "bounds"]   # or one string "assert,overflow"
    include = ["src/**/*.c", "src/**/*.py"]   # which files `verify prove DIR` and the hooks take
    exclude = ["tests/**", "vendor"]           # never these (a directory excludes all below it)
    policies = ["iam/**/*.json"]               # which JSON files the verify-policy hook checks
    jobs = 4                     # worker processes; "auto" = the machine's cores
    scheduler = "tcp://host:8786"  # a Dask scheduler: run the per-file work on its cluster (as --scheduler)
    cache = true                 # false = always recompute (as --no-cache)
    accept = [                   # accepted findings: reported, but they do not fail the run
        "src/legacy.c:overflow",                  # FILE:CHECK (every such finding in FILE)
        "src/ratio.c:7:div-by-zero",              # FILE:LINE:CHECK
        { file = "src/avg.c", check = "overflow", function = "average", line = 5,
          reason = "callers pass values below 2**30" },
    ]

Globs: `*` and `?` stay inside one path segment, `**` spans segments, a
pattern without `/` matches at any depth (`*.c`), and a pattern matching a
directory matches everything below it. An accepted finding is a no or an
unknown whose file, check (and line, function, if given) match an entry; it
is still shown, with its reason, but it does not change the exit status.

An unknown key, or a value of the wrong type, is an input error naming the key
and its place: ``pyproject.toml:12:1: error: unknown key 'timout' in [tool.verify]``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

#: the checks `--check` and `checks` accept (aliases included), and what they select
CHECK_NAMES = {"assert": "assert", "overflow": "overflow", "div": "div-by-zero", "div-by-zero": "div-by-zero",
               "shift": "shift", "termination": "termination", "bounds": "bounds", "value": "value",
               "key": "key", "null": "null", "free": "free", "use-after-free": "use-after-free", "leak": "leak",
               "raise": "raise", "type": "type", "unbound": "unbound", "postcondition": "postcondition", "precondition": "precondition"}
#: what `verify prove` checks unless told otherwise
#: (`leak` is off by default: a program that ends without freeing is usual, and rarely a bug)
DEFAULT_CHECKS = ("assert", "overflow", "div-by-zero", "shift", "bounds", "value", "key", "null", "free",
                  "use-after-free", "raise", "type", "unbound", "postcondition", "precondition")
#: `--timeout` unless told otherwise, for every command (seconds per check)
DEFAULT_TIMEOUT = 10.0


def parse_checks(text: str) -> tuple[str, ...]:
    """`assert,overflow,div` -> check names; unknown names are a usage error."""
    names = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        if part not in CHECK_NAMES:
            raise InputError("--check", 0, 0, f"unknown check '{part}' (choose from {', '.join(CHECK_NAMES)})", "usage")
        names.append(CHECK_NAMES[part])
    return tuple(dict.fromkeys(names))

#: default `include`: every C (also preprocessed, `.i`) and Python file
DEFAULT_INCLUDE = ("*.c", "*.i", "*.py")
#: directories never entered when a directory is expanded, whatever the configuration says
ALWAYS_SKIPPED = ("__pycache__", "node_modules", ".verify_cache")
#: default `policies`: JSON files whose name or directory says policy
DEFAULT_POLICIES = ("*polic[yi]*.json", "**/*polic[yi]*/**/*.json")

_KEYS = ("timeout", "int-semantics", "data-model", "data_model", "checks", "include", "exclude", "policies",
         "jobs", "cache", "accept", "scheduler")
#: the C data models (`--data-model`, `data-model`): `long` is 64 bits under LP64, 32 under ILP32
DATA_MODELS = ("LP64", "ILP32")
#: How C integers are read: bit-precise (signed overflow fails), unbounded, or two's-complement wrap (-fwrapv)
INT_SEMANTICS = ("bv", "math", "wrap")
_ACCEPT_KEYS = ("file", "check", "line", "function", "reason")


@dataclass
class Accepted:
    """One accepted finding: `file` is a glob; the other fields, when set, must match too."""

    file: str
    check: str | None = None
    line: int | None = None
    function: str | None = None
    reason: str = ""


@dataclass
class Config:
    """The `[tool.verify]` settings; None = not set (the command's default applies)."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    timeout: float | None = None
    int_semantics: str | None = None
    data_model: str | None = None
    checks: tuple[str, ...] | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    policies: tuple[str, ...] = DEFAULT_POLICIES
    jobs: int | None = None
    scheduler: str | None = None
    cache: bool = True
    accept: list[Accepted] = field(default_factory=list)

    def relative(self, path: str | Path) -> str | None:
        """`path` relative to the project root (POSIX), or None when outside it."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def selects(self, path: str | Path, patterns: tuple[str, ...] | None = None) -> bool:
        """Whether `path` matches `patterns` (default: `include`) and no `exclude` pattern.
        A path outside the project root is selected (it was named explicitly)."""
        rel = self.relative(path)
        if rel is None:
            return True
        return matches_any(rel, patterns if patterns is not None else self.include) and not matches_any(rel, self.exclude)

    def excluded_dir(self, path: str | Path) -> bool:
        """Whether directory expansion should skip `path` entirely."""
        name = Path(path).name
        if name in ALWAYS_SKIPPED or (name.startswith(".") and name not in (".", "..")):
            return True
        rel = self.relative(path)
        return rel is not None and rel != "." and matches_any(rel, self.exclude)


def load_config(start: Path | None = None) -> Config:
    """The configuration of the project containing `start` (default: the current directory).

    No `pyproject.toml` with `[tool.verify]` means every default, rooted at `start`."""
    start = Path(os.path.abspath(start or Path.cwd()))
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if not candidate.is_file():
            continue
        try:
            text = candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "verify" not in text:  # cheap pre-filter: most pyproject.toml files are not ours
            continue
        table = _tool_table(candidate, text)
        if table is not None:
            return _parse(candidate, text, table)
    return Config(root=start)


def find_accepted(config: Config, result: Any) -> Accepted | None:
    """The `accept` entry matching a no or unknown `result`, if any."""
    if not config.accept or result.verdict.value == "yes":
        return None
    rel = config.relative(result.location.file)
    function = result.target.rpartition(":")[2] if ":" in result.target else None
    for entry in config.accept:
        if rel is None or not matches_any(rel, (entry.file,)):
            continue
        if entry.check is not None and entry.check != result.check:
            continue
        if entry.line is not None and entry.line != result.location.line:
            continue
        if entry.function is not None and entry.function != function:
            continue
        return entry
    return None


# ---- globs ---------------------------------------------------------------------------------


def matches_any(rel: str, patterns: tuple[str, ...]) -> bool:
    """Whether POSIX path `rel` (or one of its parent directories) matches a glob of `patterns`."""
    if not patterns:
        return False
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(_glob_regex(p).fullmatch(prefix) for p in patterns for prefix in prefixes)


_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def _glob_regex(pattern: str) -> re.Pattern[str]:
    cached = _GLOB_CACHE.get(pattern)
    if cached is not None:
        return cached
    text = pattern.strip().removeprefix("./").rstrip("/")
    if "/" not in text:
        text = "**/" + text
    out, i = [], 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            out.append("[^/]*")
            i += 1
        elif text[i] == "?":
            out.append("[^/]")
            i += 1
        elif text[i] == "[" and "]" in text[i + 1:]:
            end = text.index("]", i + 1)
            body = text[i + 1:end].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end + 1
        else:
            out.append(re.escape(text[i]))
            i += 1
    compiled = re.compile("".join(out))
    _GLOB_CACHE[pattern] = compiled
    return compiled


# ---- reading the table ---------------------------------------------------------------------


def _tool_table(path: Path, text: str) -> dict | None:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if "tool.verify" not in text and not re.search(r"^\s*verify\s*=", text, re.M):
            return None  # broken, but not our business
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError(_shown(path), line, column, f"invalid TOML: {message}", "usage") from None
    tool = data.get("tool")
    table = tool.get("verify") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise InputError(_shown(path), _line_of(text, "verify", None), 1, "[tool.verify] must be a table", "usage")
    return table


def _parse(path: Path, text: str, table: dict) -> Config:
    config = Config(path=path, root=path.parent)
    for key, value in table.items():
        if key not in _KEYS:
            import difflib

            hint = difflib.get_close_matches(key, _KEYS, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (known keys: {', '.join(_KEYS)})"
            _fail(path, text, key, f"unknown key '{key}' in [tool.verify]{suggestion}")
        setter = _SETTERS[key]
        try:
            setter(config, value)
        except _BadValue as bad:
            _fail(path, text, key, f"[tool.verify] {key}: {bad}")
    return config


class _BadValue(Exception):
    pass


def _positive_number(config: Config, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0.1:
        raise _BadValue(f"expected a number of seconds >= 0.1, got {value!r}")
    config.timeout = float(value)


def _semantics(config: Config, value: Any) -> None:
    if value not in INT_SEMANTICS:
        raise _BadValue(f"expected \"bv\", \"math\" or \"wrap\", got {value!r}")
    config.int_semantics = value


def _data_model(config: Config, value: Any) -> None:
    if not isinstance(value, str) or value.upper() not in DATA_MODELS:
        raise _BadValue(f"expected \"LP64\" or \"ILP32\", got {value!r}")
    config.data_model = value.upper()


def _checks(config: Config, value: Any) -> None:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise _BadValue(f"expected a list of check names, got {value!r}")
    names = []
    for item in (i.strip() for i in items if i.strip()):
        if item not in CHECK_NAMES:
            raise _BadValue(f"unknown check '{item}' (choose from {', '.join(CHECK_NAMES)})")
        names.append(CHECK_NAMES[item])
    config.checks = tuple(dict.fromkeys(names))


def _globs(key: str):
    def setter(config: Config, value: Any) -> None:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise _BadValue(f"expected a list of glob patterns, got {value!r}")
        setattr(config, key, tuple(items))

    return setter


def _jobs(config: Config, value: Any) -> None:
    if value == "auto":
        config.jobs = None
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _BadValue(f"expected a positive integer or \"auto\", got {value!r}")
    config.jobs = value


def _scheduler(config: Config, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _BadValue(f"expected a Dask scheduler address such as \"tcp://host:8786\", got {value!r}")
    config.scheduler = value.strip()


def _cache(config: Config, value: Any) -> None:
    if not isinstance(value, bool):
        raise _BadValue(f"expected true or false, got {value!r}")
    config.cache = value


def _accept(config: Config, value: Any) -> None:
    if not isinstance(value, list):
        raise _BadValue(f"expected a list of \"FILE:CHECK\", \"FILE:LINE:CHECK\" or tables, got {value!r}")
    for item in value:
        config.accept.append(_accepted(item))


def _accepted(item: Any) -> Accepted:
    if isinstance(item, str):
        head, sep, check = item.rpartition(":")
        if not sep or not head:
            raise _BadValue(f"expected \"FILE:CHECK\" or \"FILE:LINE:CHECK\", got {item!r}")
        line = None
        file, sep2, maybe_line = head.rpartition(":")
        if sep2 and maybe_line.isdigit():
            head, line = file, int(maybe_line)
        return Accepted(head, _check_name(check), line)
    if not isinstance(item, dict):
        raise _BadValue(f"expected a string or a table, got {item!r}")
    for key in item:
        if key not in _ACCEPT_KEYS:
            raise _BadValue(f"unknown key '{key}' in an accepted finding (keys: {', '.join(_ACCEPT_KEYS)})")
    if not isinstance(item.get("file"), str):
        raise _BadValue(f"an accepted finding needs file = \"GLOB\", got {item!r}")
    line = item.get("line")
    if line is not None and (isinstance(line, bool) or not isinstance(line, int) or line < 1):
        raise _BadValue(f"line must be a positive integer, got {line!r}")
    for key in ("check", "function", "reason"):
        if key in item and not isinstance(item[key], str):
            raise _BadValue(f"{key} must be a string, got {item[key]!r}")
    check = _check_name(item["check"]) if "check" in item else None
    return Accepted(item["file"], check, line, item.get("function"), item.get("reason", ""))


def _check_name(name: str) -> str:
    name = name.strip()
    if name in CHECK_NAMES:
        return CHECK_NAMES[name]
    from .registry import CHECKS

    if name in CHECKS:
        return name
    raise _BadValue(f"unknown check '{name}' in an accepted finding")


_SETTERS = {
    "timeout": _positive_number,
    "int-semantics": _semantics,
    "data-model": _data_model,
    "data_model": _data_model,
    "checks": _checks,
    "include": _globs("include"),
    "exclude": _globs("exclude"),
    "policies": _globs("policies"),
    "jobs": _jobs,
    "cache": _cache,
    "accept": _accept,
    "scheduler": _scheduler,
}


def _fail(path: Path, text: str, key: str, message: str) -> None:
    raise InputError(_shown(path), _line_of(text, key, "tool.verify"), 1, message, "usage")


def _line_of(text: str, key: str, section: str | None) -> int:
    """The 1-based line where `key` is set inside [section] (or as section.key), else the
    section header's line, else 0."""
    lines = text.splitlines()
    header = 0
    inside = section is None
    key_re = re.compile(r'^\s*(?:"%s"|\'%s\'|%s)\s*=' % ((re.escape(key),) * 3))
    dotted = re.compile(r'^\s*tool\s*\.\s*verify\s*\.\s*(?:"%s"|%s)\s*=' % ((re.escape(key),) * 2))
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            name = stripped.strip("[] \t").replace(" ", "")
            inside = section is None or name == section
            if inside and section is not None and not header:
                header = number
            continue
        if inside and key_re.match(line):
            return number
        if dotted.match(line):
            return number
    return header


def _shown(path: Path) -> str:
    """`path` as the user would write it: relative to the current directory when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
