"""The string cells are exact: each witness has exactly its cell's memberships,
and every string lands in the cell of its memberships."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.policy.automata import ANY, ANY_NC, ONE, ONE_NC, Family, lit

ELEMS = {"*": ANY, "+": ANY_NC, "?": ONE, "!": ONE_NC}
REGEX = {"*": ".*", "+": "[^:]*", "?": ".", "!": "[^:]"}

globs = st.text(alphabet="ab:*+?!", max_size=6)


def to_glob(spec: str):
    out = []
    for c in spec:
        out += [ELEMS[c]] if c in ELEMS else lit(c)
    return tuple(out)


def to_regex(spec: str) -> str:
    return "".join(REGEX.get(c, re.escape(c)) for c in spec)


def members(specs: list[list[str]], text: str) -> frozenset[int]:
    return frozenset(k for k, pred in enumerate(specs) if any(re.fullmatch(to_regex(g), text, re.DOTALL) for g in pred))


@settings(derandomize=True, deadline=None, max_examples=300, database=None)
@given(specs=st.lists(st.lists(globs, min_size=1, max_size=2), min_size=1, max_size=4),
       probes=st.lists(st.text(alphabet="ab:x", max_size=7), max_size=20))
def test_cells_are_exact(specs, probes):
    family = Family([tuple(to_glob(g) for g in pred) for pred in specs])
    seen = set()
    for cell in family.cells:
        assert members(specs, cell.witness) == cell.preds
        assert cell.preds not in seen
        seen.add(cell.preds)
    for text in probes:
        index = family.cell_of(text)
        assert family.cells[index].preds == members(specs, text)


def test_domain_keeps_only_its_cells():
    family = Family([(to_glob("a*"),)], domain=(to_glob("?b*"),))
    assert {c.preds for c in family.cells} == {frozenset({0}), frozenset()}
    assert all(re.fullmatch(".b.*", c.witness) for c in family.cells)
    assert family.cell_of("ba") is None
