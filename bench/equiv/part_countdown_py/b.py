# expect: yes -- options: --partial -- B spins forever above 100 (A counts down); where both end they agree
def g(x: int) -> int:
    while x > 100:
        x = x + 0
    return x + x
