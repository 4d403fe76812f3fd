"""Unknown reasons: a closed vocabulary (`UnknownReason`) rendered as ``category: detail``."""

from __future__ import annotations

import pickle

import pytest

from tests.helpers import assert_unknown
from verifier import ir
from verifier.cfa import CfaUnsupported
from verifier.errors import AnalysisUnsupported, VerifyError
from verifier.registry import UnknownReason
from verifier.smt import EncodeUnsupported


def test_describe_gives_the_category_then_the_detail():
    assert UnknownReason.TIMEOUT.describe("no invariant found within 10s") == "timeout: no invariant found within 10s"
    assert UnknownReason.TIMEOUT.describe() == "timeout"


@pytest.mark.parametrize("category", list(UnknownReason), ids=lambda c: c.value)
def test_a_described_reason_reads_back_as_its_category(category):
    assert UnknownReason.of(category.describe("what was hit")) is category


def test_text_outside_the_vocabulary_has_no_category():
    assert UnknownReason.of("no failure observed") is None
    assert UnknownReason.of("") is None


@pytest.mark.parametrize("error", [CfaUnsupported, EncodeUnsupported], ids=lambda e: e.__name__)
def test_analysis_limits_are_verify_errors_that_carry_what_and_where(error):
    exc = pickle.loads(pickle.dumps(error("shift by a variable amount", ir.Loc("f.c", 3, 7))))
    assert isinstance(exc, AnalysisUnsupported) and isinstance(exc, VerifyError)
    assert (exc.what, exc.loc.line, str(exc)) == ("shift by a variable amount", 3, "shift by a variable amount")


def test_a_bitwise_operation_read_exactly_only_on_bounded_operands_is_incomplete_not_yes(tmp_path):
    assert_unknown(tmp_path, "def f(x, y):\n    assert (x & y) == (y & x)\n", "assert",
                   "incomplete: '&' is read exactly only on operands within 65 bits (signed) (line 2)",
                   suffix=".py")
