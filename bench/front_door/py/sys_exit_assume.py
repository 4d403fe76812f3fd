# expect: prove=yes terminates=yes
"""__VERIFIER_assume translated as sys.exit(0) when the condition fails."""
import sys


def main(x: int) -> int:
    if not (x > 0 and x < 100):
        sys.exit(0)
    y = x * x
    assert y >= x
    return y
