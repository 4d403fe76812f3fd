# expect: terminates=yes
"""Termination task: while True that breaks once i reaches n."""


def main(n: int) -> int:
    i = 0
    while True:
        if i >= n:
            break
        i = i + 1
    return i
