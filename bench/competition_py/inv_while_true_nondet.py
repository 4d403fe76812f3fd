# expect: prove=yes terminates=yes/unknown
"""while True with a nondeterministic break (translated while(__VERIFIER_nondet_int()))."""


def nondet_int() -> int:
    return int(input())


def main() -> int:
    a = 0
    b = 10
    while True:
        if nondet_int() == 0 or a >= 100:
            break
        a += 1
        b += 1
    assert b - a == 10
    return 0
