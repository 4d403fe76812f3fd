"""The seed article's g in Python: subtract y from x while x is larger.

expect: yes for every check (Python ints never overflow; y > 0 keeps the loop going down)
expect (verify terminates): yes, ranking function x - y
"""


def g(x, y):
    assert isinstance(x, int) and isinstance(y, int)
    if y > 0:
        while x > y:
            x = x - y
        assert x <= y
    return x
