# expect: prove=no terminates=yes
"""A C global stack (array and top index): push checks the capacity one too late."""
CAP = 4
stack = [0] * CAP
top = 0


def push(v: int) -> None:
    global top
    if top <= CAP:
        stack[top] = v
        top += 1


def main(n: int) -> int:
    if n < 0 or n > 8:
        return 0
    for i in range(n):
        push(i)
    return top
