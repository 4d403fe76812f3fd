"""Caps meant as work are stretched by the load per core, between 1x and `MAX_STRETCH`."""
import pytest

from verifier import contention


@pytest.mark.parametrize("load, cores, expected", [(0.3, 2, 1.0), (6.0, 2, 3.0), (100.0, 2, contention.MAX_STRETCH),
                                                   (3.0, 4, 1.0), (9.0, 1, contention.MAX_STRETCH)])
def test_the_stretch_is_the_load_per_core_within_its_bounds(monkeypatch, load, cores, expected):
    monkeypatch.setattr(contention.os, "getloadavg", lambda: (load, 0.0, 0.0))
    monkeypatch.setattr(contention.os, "cpu_count", lambda: cores)
    assert contention.stretch() == expected


def test_no_load_average_means_no_stretch(monkeypatch):
    def unavailable():
        raise OSError("no load average")
    monkeypatch.setattr(contention.os, "getloadavg", unavailable)
    assert contention.stretch() == 1.0

