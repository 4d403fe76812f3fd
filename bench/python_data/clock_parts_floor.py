"""Split seconds into hours, minutes and seconds with divmod: floor division keeps the rest in range."""


def clock_parts_floor(seconds: int) -> int:
    assert isinstance(seconds, int)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    assert 0 <= minutes < 60 and 0 <= secs < 60
    return hours * 10000 + minutes * 100 + secs
