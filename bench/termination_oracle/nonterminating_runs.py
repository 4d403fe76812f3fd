"""Each non-terminating task: a concrete input (and nondet schedule) whose run is still in the loop after N steps (Python ints = math semantics)."""
N = 100_000
def t63():  # x=1, every d=0
    x = 1
    for _ in range(N):
        if not x > 0: return False
        d = 0
        if d > 0: x -= d
    return True
def t70():
    i = 0
    for _ in range(N):
        if not i < 10: return False
        j = 0
        while j < 3: i = 0; j += 1
        i += 1
    return True
def t72(steps=3000):
    x = 1
    for _ in range(steps):
        if not x > 0: return False
        x = 2 * x
    return True
def t73(steps=3000):
    x, y = 1, 1
    for _ in range(steps):
        if not x > 0: return False
        x, y = x + y, 2 * y
    return True
def t74(steps=3000):
    x, y = 1, 0
    for _ in range(steps):
        if not x > 0: return False
        x, y = x + y, x
    return True
def t75(steps=3000):
    x, y = 1, 0
    for _ in range(steps):
        if not x > y: return False
        x, y = 2 * x, y + 1
    return True
def t76(steps=3000):
    x = -1
    for _ in range(steps):
        if not x < 0: return False
        x = 3 * x + 1
    return True
def t77(steps=3000):
    x = 1
    for _ in range(steps):
        if not x > 0: return False
        d = 0
        x = 2 * x - d
    return True
def t82():  # down2(1): depth grows forever (n = 1, -1, -3, ...)
    n = 1
    for _ in range(N):
        if n == 0: return False
        n = n - 2
    return True
def t85():
    x, n = 0, 1
    for _ in range(N):
        if not x < n: return False
        if x > 0: x += 1
    return True
def t87(steps=3000):
    x = 1
    for _ in range(steps):
        if x == 0: return False
        x = -2 * x
    return True
for name, fn in list(globals().items()):
    if name.startswith("t") and callable(fn):
        print(name, "still running" if fn() else "ENDED")
