# expect: prove=yes terminates=yes
"""__VERIFIER_assume as raise SystemExit, called from main with a bounded loop."""


def assume_or_exit(cond: bool) -> None:
    if not cond:
        raise SystemExit


def main(n: int) -> int:
    assume_or_exit(n >= 0)
    assume_or_exit(n <= 1000)
    k = n
    total = 0
    while k > 0:
        total += k
        k -= 1
    assert 2 * total == n * (n + 1)
    return 0
