# expect: prove=yes terminates=yes
"""while True whose only way out is sys.exit: every run ends, and the check after the
loop is unreachable."""
import sys


def main(x: int) -> int:
    while True:
        if x > 100:
            sys.exit(0)
        x = x + 1
    assert False
