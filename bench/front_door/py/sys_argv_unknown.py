# expect: prove=unknown terminates=unknown
"""sys used for something other than exit stays outside the subset (with its line)."""
import sys


def main() -> int:
    n = len(sys.argv)
    if n > 5:
        sys.exit(1)
    assert n <= 5
    return 0
