"""`--scheduler`: the same answers on a Dask cluster, deadlines per task, a lost worker never a yes."""

from __future__ import annotations

import json
import os
import time

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from verifier import cluster  # noqa: E402
from verifier.cli import main  # noqa: E402
from verifier.config import load_config  # noqa: E402
from verifier.errors import InputError  # noqa: E402
from verifier.parallel import Task  # noqa: E402
from verifier.result import Verdict  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def scheduler():
    """A two-worker cluster on this machine; a worker that dies fails its task at once (no retry elsewhere)."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                      dashboard_address=":0") as local:
            yield local.scheduler_address


def _verdicts(args: list[str]) -> tuple[int, list[tuple[str, str, str]]]:
    result = CliRunner().invoke(main, [*args, "--format", "json", "--no-cache"])
    doc = json.loads(result.stdout)
    return result.exit_code, sorted((r["target"], r["check"], r["verdict"]) for r in doc["results"])


@pytest.mark.parametrize("args", [
    ["prove", "examples/f.c", "examples/g.py", "examples/floor_division.py", "--timeout", "30"],
    ["policy", "validate", "examples/policies/read-only.json", "examples/policies/home-folders.json",
     "examples/policies/public-read.json"],
    ["policy", "no-public-access", "examples/policies/public-read.json", "examples/policies/vpce-only.json"],
    ["policy", "external-access", "examples/access/startup", "--timeout", "60"],
])
def test_same_verdicts_with_and_without_the_cluster(scheduler, args, monkeypatch):
    monkeypatch.chdir(ROOT)
    local = _verdicts(args)
    remote = _verdicts([*args, "--scheduler", scheduler])
    assert remote == local
    assert local[1] and local[0] in (0, 1)


def test_scheduler_from_config(scheduler, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(f'[tool.verify]\nscheduler = "{scheduler}"\n')
    (tmp_path / "f.c").write_text("int f(int x) { if (x > 0) { return x - 1; } return 0; }\n")
    monkeypatch.chdir(tmp_path)
    assert load_config().scheduler == scheduler
    code, results = _verdicts(["prove", "f.c"])
    assert code == 0 and results == [("f.c:f", "overflow", "yes")]


def test_a_bad_scheduler_value_names_the_key(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.verify]\nscheduler = 8786\n")
    with pytest.raises(InputError) as caught:
        load_config(tmp_path)
    assert caught.value.line == 2
    assert "[tool.verify] scheduler: expected a Dask scheduler address" in caught.value.message


def test_a_too_short_deadline_is_unknown_timeout(scheduler, monkeypatch):
    monkeypatch.chdir(ROOT)
    with distributed.Client(scheduler, set_as_default=False) as client:
        [outcome] = cluster.run_tasks_on(client, [Task("bench/loops/bounded_walk.c", None, ("assert",), None, 0.1)])
    assert outcome.results
    assert all(r.verdict == Verdict.UNKNOWN and r.reason.startswith("timeout") for r in outcome.results)


def test_the_client_waits_no_longer_than_the_bound(scheduler):
    with distributed.Client(scheduler, set_as_default=False) as client:
        started = time.monotonic()
        answers = list(cluster.bounded_map(client, [4.0], time.sleep, lambda _: 0.5, lambda item, why: why))
    assert time.monotonic() - started < 3
    [(index, reason, made_up)] = answers
    assert index == 0 and made_up and reason.startswith("timeout: the cluster did not answer")


def test_a_lost_worker_is_unknown_never_yes(scheduler):
    """A task that kills its worker comes back as the fallback (unknown, not cached), the others as answered."""
    with distributed.Client(scheduler, set_as_default=False) as client:
        remote = cluster.Remote(client, 30.0, lambda item, why: ("unknown", why))
        answers = dict(remote.answers([3, 0], os._exit))  # os._exit(0) "answers" only by ending its worker
        client.wait_for_workers(2, timeout=30)
    assert all(verdict == "unknown" for verdict, _ in answers.values())
    assert all(why.startswith(cluster.WORKER_LOST) for _, why in answers.values())
    assert remote.made_up == {0, 1}


def test_an_unreachable_scheduler_is_one_line_and_exit_2(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 0.5)
    result = CliRunner().invoke(main, ["prove", "examples/f.c", "--no-cache", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "error: cannot reach the Dask scheduler at tcp://127.0.0.1:1" in lines[0]
