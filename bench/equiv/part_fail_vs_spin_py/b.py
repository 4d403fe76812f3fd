# expect: yes -- options: --partial -- above 10 A spins and B counts back to 10 then spins too; otherwise the same
def g(x: int) -> int:
    while x > 10:
        x = x - 1
        if x <= 10:
            x = 11
    return x
