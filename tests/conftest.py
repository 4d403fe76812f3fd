"""Fixtures shared by several test files."""

from __future__ import annotations

import shutil

import pytest

from bench.memory_corpus import Native


@pytest.fixture(scope="module")
def native():
    """Runs C programs natively, built by gcc with the sanitizers (skipped without gcc)."""
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed")
    built = Native()
    yield built
    built.close()
