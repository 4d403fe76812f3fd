"""Count the digits of a number as the length of str(n), forgetting the minus sign."""


def digit_count_sign(n: int) -> int:
    assert isinstance(n, int)
    count = len(str(n))
    if -10 < n < 10:
        assert count == 1
    return count
