"""The library API of DESIGN.md: `from verifier import prove, terminates, equiv, policy`."""

from __future__ import annotations

import verifier
from verifier import Verdict


def test_prove_can_be_called_again_after_the_engines_are_loaded(tmp_path):
    """Loading the implementation must not shadow the function `verifier.prove`."""
    path = tmp_path / "f.c"
    path.write_text("void f(unsigned x, unsigned y) { __VERIFIER_assert(x + y == y + x); }\n")
    first = verifier.prove(str(path))
    from verifier import prove

    second = prove(str(path))
    assert [r.verdict for r in first] == [r.verdict for r in second] == [Verdict.YES]
    assert callable(verifier.prove) and callable(verifier.terminates) and callable(verifier.equiv)
