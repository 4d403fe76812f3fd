# expect: prove=yes terminates=yes
"""A C global array a helper fills, one cell a call, guarded by the global count; main reads a filled cell."""
N = 8
buf = [0] * N
filled = 0


def put(v: int) -> int:
    global filled
    if filled >= N:
        return 0
    buf[filled] = v
    filled += 1
    return 1


def main(k: int) -> int:
    put(5)
    put(7)
    if k < 0 or k >= filled:
        return 0
    assert buf[k] >= 5
    return buf[k]
