# expect: yes -- C's a / b as int(a / b) against a // b on non-negative dividends and positive divisors
def g(a: int, b: int) -> int:
    if a < 0 or b <= 0 or a > 10**9:
        return 0
    return a // b
