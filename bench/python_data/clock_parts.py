"""Split seconds into hours, minutes and seconds with divmod: the hours are negative for negative seconds."""


def clock_parts(seconds: int) -> int:
    assert isinstance(seconds, int)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    assert 0 <= minutes < 60 and 0 <= secs < 60
    assert hours >= 0
    return hours * 10000 + minutes * 100 + secs
