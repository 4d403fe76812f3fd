# expect: prove=no terminates=yes
"""A nested clamp helper reads hi late (closures bind at call time): hi was changed before the call."""


def main(x: int) -> int:
    lo = 0
    hi = 10

    def clamp(v: int) -> int:
        return min(hi, max(lo, v))

    hi = 20
    y = clamp(x)
    assert lo <= y <= 10
    return y
