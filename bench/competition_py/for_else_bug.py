# expect: prove=no terminates=yes
"""for-else: the else runs when no break happened, including for an empty range; main forgets a negative t."""


def main(n: int, t: int) -> int:
    found = 0
    for i in range(n):
        if i == t:
            found = 1
            break
    else:
        found = -1
    assert found == 1 or t >= n
    return found
