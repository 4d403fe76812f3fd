"""while-else and for-else: the else clause runs when the loop ends without a break of its own."""


def for_else_search(n: int, t: int) -> int:
    r = 0
    for i in range(n):
        if i == t:
            r = i + 1
            break
    else:
        r = -1
    return r


def while_else_search(n: int, t: int) -> int:
    k = 0
    while k < n:
        k += 1
        if k == t:
            break
    else:
        k = -100 - k
    return k


def inner_break_keeps_else(n: int, t: int) -> int:
    found = 0
    for i in range(n):
        for j in range(n):
            if j == t:
                break
        found += 1
    else:
        found += 10
    return found


def else_with_continue_and_return(n: int, t: int) -> int:
    total = 0
    for i in range(n):
        if i == t:
            continue
        if i > t + 2:
            return -total
        total += i
    else:
        total += 1000
    return total


def else_breaks_outer_loop(n: int, t: int) -> int:
    count = 0
    while count < 5:
        count += 1
        for i in range(n):
            if i == t:
                break
        else:
            break
    return count


def else_over_list(n: int, t: int) -> int:
    xs = [i * i for i in range(n)]
    for x in xs:
        if x == t:
            break
    else:
        return -1
    return t
