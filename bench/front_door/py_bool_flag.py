# expect: prove=yes
def steps(stop_early: bool) -> int:
    done = False
    k = 0
    while not done:
        k += 1
        if k >= 5 or stop_early:
            done = True
    assert 1 <= k <= 5
    return k
