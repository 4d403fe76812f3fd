"""Lists that CPython shares between two names, or a name and a container's item.

The Python model treats lists as values (no aliasing): where CPython shares one
list object and one side changes it in place, the function is refused
(unsupported), never answered. Each refused case below changes the shared list
through one way of reaching it and asserts on the other; running it in CPython
shows that assert fails, so the yes the model gave before was wrong. The kept
cases are the common programs without sharing: they stay proved, and CPython
agrees on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.runtime import AssumptionViolated
from verifier.frontends.python import parse_python
from verifier.result import Verdict

from .helpers import prove_source

_HEADER = "from verifier import assume\n\n\n"


def _program(body: str, name: str = "f") -> str:
    lines = "\n".join("    " + line for line in body.strip("\n").split("\n"))
    return f"def {name}(xs: list[int], k: int) -> int:\n{lines}\n    return 0\n"


def _cpython_fails(source: str, calls: list[tuple[list[int], int]]) -> list[bool]:
    """Whether each call ``f(xs, k)`` of `source` fails its assert under CPython."""
    namespace: dict[str, object] = {}
    exec(compile(source, "<case>", "exec"), namespace)
    failed = []
    for xs, k in calls:
        try:
            namespace["f"](list(xs), k)  # type: ignore[operator]
            failed.append(False)
        except AssertionError:
            failed.append(True)
        except AssumptionViolated:
            failed.append(False)
    return failed


_SHARED = [
    # an unnamed display of containers' items holds the items themselves
    pytest.param("g = [[1], [2]]\nfor b in [g[0]]:\n    b.append(k)\nassert len(g[0]) == 1", "'g'",
                 id="loop-over-display-of-item"),
    pytest.param("d: dict[str, list[int]] = {}\nd['a'] = [1]\nb = [d['a']][0]\nb.append(k)\nassert len(d['a']) == 1",
                 "'d'", id="display-of-dict-value"),
    # a comprehension repeats one list object, it does not copy it
    pytest.param("n = len(xs)\ng = [xs for _ in range(2)]\nxs.append(k)\nassert len(g[0]) == n", "'xs'",
                 id="comprehension-of-a-list-name"),
    pytest.param("n = len(xs)\ng: list[list[int]] = [xs for _ in range(2)]\nxs.append(k)\nassert len(g[0]) == n",
                 "'xs'", id="annotated-comprehension-of-a-list-name"),
    # an annotated assignment binds the item itself, as a plain one does
    pytest.param("d: dict[str, list[int]] = {}\nd['a'] = [1]\nv: list[int] = d['a']\nv.append(k)\n"
                 "assert len(d['a']) == 1", "'v' and 'd'", id="annotated-dict-value"),
    pytest.param("g = [[1], [2]]\nv: list[int] = g[0]\ng[0][0] = 5\nassert v[0] == 1", "'v' and 'g'",
                 id="annotated-nested-item"),
    pytest.param("d: dict[str, list[int]] = {}\nv: list[int] = d.setdefault('a', [])\nv.append(k)\n"
                 "assert len(d['a']) == 0", "'v' and 'd'", id="annotated-setdefault"),
    # an item of one container put into another is one list in both
    pytest.param("g = [[1], [2]]\nh: list[list[int]] = []\nh.append(g[0])\ng[0][0] = 5\nassert h[0][0] == 1",
                 "'g' and 'h'", id="item-appended-to-another-container"),
    pytest.param("d: dict[str, list[int]] = {}\nd['a'] = [1]\ne: dict[str, list[int]] = {}\ne['x'] = d['a']\n"
                 "d['a'].append(k)\nassert len(e['x']) == 1", "'d' and 'e'", id="dict-value-stored-in-another-dict"),
    # an optional list given a list variable holds that list
    pytest.param("n = len(xs)\nv: list[int] | None = xs\nif v is not None:\n    v.append(k)\nassert len(xs) == n",
                 "'v = xs'", id="optional-list-changed"),
    pytest.param("n = len(xs)\nv: list[int] | None = None\nv = xs\nxs.append(k)\nassert v is not None and len(v) == n",
                 "'v = xs'", id="optional-list-read"),
]


@pytest.mark.parametrize("body, names", _SHARED)
def test_a_shared_list_changed_in_place_is_refused(tmp_path: Path, body: str, names: str):
    """Each was proved before (a wrong yes; dict-value-stored-in-another-dict was left to
    the solvers, which timed out); CPython fails its assert. The reason names the sharers."""
    source = _HEADER + _program(body)
    assert _cpython_fails(source, [([1, 2], 1)]) == [True]
    results = [r for r in prove_source(tmp_path, source, suffix=".py", check="assert") if r.check == "assert"]
    assert results and all(r.verdict == Verdict.UNKNOWN for r in results), [(r.verdict, r.reason) for r in results]
    assert all("unsupported construct" in r.reason and "aliasing" in r.reason and names in r.reason
               for r in results), [r.reason for r in results]


_KEPT = [
    pytest.param("n = len(xs)\nb = xs[:]\nb.append(k)\nassert len(xs) == n", id="copy"),
    pytest.param("s = 'ab'\nt = s\nt += 'c'\nassert s == 'ab' and t == 'abc'", id="string-plus-equals"),
    pytest.param("g = [[0] * 2 for _ in range(2)]\ng[0][0] = k\nassert g[1][0] == 0",
                 id="comprehension-of-fresh-lists"),
    pytest.param("d: dict[str, list[int]] = {}\nd['a'] = [1]\nv: list[int] = d['a']\nassert len(v) == 1",
                 id="annotated-item-only-read"),
    pytest.param("g = [[1], [2]]\nt = 0\nfor r in [len(g[0]), len(g[1])]:\n    t += r\nassert t == 2",
                 id="display-of-lengths"),
    # copies of a list of ints share nothing (these were refused before)
    pytest.param("row = [0, 0]\ng = [row[:] for _ in range(2)]\ng[0][0] = 5\nassert g[1][0] == 0 and row[0] == 0",
                 id="comprehension-of-copied-rows"),
    pytest.param("n = len(xs)\nd: dict[str, list[int]] = {}\nd['a'] = list(xs)\nd['a'].append(k)\nassert len(xs) == n",
                 id="dict-value-copied-from-a-list"),
]


@pytest.mark.parametrize("body", _KEPT)
def test_programs_without_sharing_are_not_refused(body: str):
    """Nothing is shared (CPython holds the assert on every call), so the frontend keeps the function."""
    source = _HEADER + _program(body)
    assert not any(_cpython_fails(source, [([], 0), ([1, 2], 1), ([3], -4)]))
    function = parse_python(source, "kept.py").functions["f"]
    assert function.unsupported == "", function.unsupported


def test_a_copy_changed_in_place_is_proved(tmp_path: Path):
    """The yes of a kept program, which CPython agrees with (the other kept bodies cost seconds to prove)."""
    results = prove_source(tmp_path, _HEADER + _program(_KEPT[0].values[0]), suffix=".py", check="assert")
    assert [r.verdict for r in results if r.check == "assert"] == [Verdict.YES]
