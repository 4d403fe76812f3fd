# expect: terminates=yes
"""Termination task: subtractive gcd on positive inputs."""


def main(a: int, b: int) -> int:
    if a <= 0 or b <= 0:
        return 0
    while a != b:
        if a > b:
            a -= b
        else:
            b -= a
    return a
