"""Dataclass methods compiled once across runs (`verifier.method_cache`): the same classes, a store
beside the bytecode that a later run reads instead of compiling, and nothing kept where bytecode is not."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

from verifier.frontends.c_types import CInt
from verifier.ir import Loc

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: defines dataclasses with the store on (argv[1] == "on") or off, then prints how they behave and whether
#: this process compiled a method the store did not hold
DEFINE = r"""
import dataclasses, json, sys
from verifier import method_cache
if sys.argv[1] == "on":
    method_cache.reuse_compiled_methods()
from dataclasses import dataclass, field

@dataclass(frozen=True)
class Point:
    x: int
    y: int = 2
    tags: tuple = ()

@dataclass
class Box:
    items: list = field(default_factory=list)
    name: str = "b"

p, q = Point(1), Point(1, 2, ())
b = Box()
b.items.append(3)
try:
    p.x = 5
    frozen = "assigned"
except dataclasses.FrozenInstanceError as e:
    frozen = type(e).__name__
compiled = method_cache.compiled_here()
method_cache.save()
print(json.dumps({
    "repr": [repr(p), repr(b), repr(Box())], "eq": [p == q, p == Point(2), b == Box([3])],
    "hash": hash(p) == hash(q), "frozen": frozen, "fresh_list": Box().items,
    "replace": repr(dataclasses.replace(p, y=7)), "fields": [f.name for f in dataclasses.fields(Box)],
    "init_annotations": {k: repr(v) for k, v in Point.__init__.__annotations__.items()},
    "compiled": compiled,
}))
"""


def run_define(mode: str, prefix: Path, **env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment.update(PYTHONPYCACHEPREFIX=str(prefix), **env)
    p = subprocess.run([sys.executable, "-c", DEFINE, mode], capture_output=True, text=True, env=environment,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def stores(prefix: Path) -> list[Path]:
    return sorted(prefix.rglob("dataclass_methods.*.marshal"))


def test_the_classes_are_the_same_with_the_store_and_the_second_run_compiles_nothing(tmp_path):
    plain = run_define("off", tmp_path / "off")
    first = run_define("on", tmp_path / "on")
    assert stores(tmp_path / "on") and not stores(tmp_path / "off")
    second = run_define("on", tmp_path / "on")
    assert plain["compiled"] == 0 and first["compiled"] == 9  # an empty store: 6 + 3 methods compiled, then saved
    assert second["compiled"] == 0  # every method read from the store
    del plain["compiled"], first["compiled"], second["compiled"]
    assert plain == first == second
    assert plain["frozen"] == "FrozenInstanceError" and plain["fresh_list"] == []
    assert plain["eq"] == [True, False, True] and plain["hash"]


def test_an_unreadable_store_is_ignored_and_rewritten(tmp_path):
    run_define("on", tmp_path)
    [store] = stores(tmp_path)
    store.write_bytes(b"not a marshalled store")
    again = run_define("on", tmp_path)
    assert again["compiled"] == 9 and again["frozen"] == "FrozenInstanceError"
    assert run_define("on", tmp_path)["compiled"] == 0  # written again, and read


def test_nothing_is_kept_where_bytecode_may_not_be_written(tmp_path):
    result = run_define("on", tmp_path, PYTHONDONTWRITEBYTECODE="1")
    assert result["compiled"] == 9 and not stores(tmp_path)


def test_the_command_keeps_its_processes_methods_and_answers_alike(tmp_path):
    """A cold `verify prove` fills the store (the command, its worker and its parsing helper each save what
    they compiled); the next one reads them, with the same answer and exit code."""
    shutil.copy(EXAMPLES / "f.c", tmp_path / "f.c")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "cache")
    runs = [subprocess.run([sys.executable, "-m", "verifier.cli", "prove", "--no-cache", "--format", "json", "f.c"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    verdicts = [[r["verdict"] for r in json.loads(run.stdout)["results"]] for run in runs]
    assert verdicts[0] == verdicts[1] == ["yes"]
    [store] = stores(tmp_path / "cache")
    version, entries = marshal.loads(store.read_bytes())
    assert version == sys.version
    # the IR's methods (made before the forks) and the C frontend's (made in the parsing helper only) are kept
    assert init_text(Loc) in "".join(entries) and init_text(CInt) in "".join(entries)


def init_text(cls: type) -> str:
    """The start of the `__init__` line `@dataclass` writes for `cls`: its parameters up to the first default."""
    params = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
            break
        params.append(f"{f.name}:_type_{f.name}")
    return "def __init__(self" + "".join(f",{p}" for p in params)
