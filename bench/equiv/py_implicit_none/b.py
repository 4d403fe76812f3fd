# expect: no -- falls off the end (returns None) for x <= 0
def g(x: int):
    if x > 0:
        return x
