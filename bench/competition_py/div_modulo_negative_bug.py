# expect: prove=no terminates=yes
"""A C-style parity test (x % 2 == -1 for a negative odd x) never fires in Python, so odd x is missed."""


def main(x: int) -> int:
    if x % 2 == -1:
        odd = True
    elif x % 2 == 1 and x > 0:
        odd = True
    else:
        odd = False
    assert odd or x % 2 == 0
    return 0
