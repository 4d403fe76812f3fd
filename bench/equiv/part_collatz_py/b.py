# expect: yes -- options: --partial -- Collatz steps, branches swapped; nobody can prove it ends, but they agree when both do
def g(n: int) -> int:
    count = 0
    while n > 1:
        if n % 2 == 1:
            n = n + n + n + 1
        else:
            n = n // 2
        count = count + 1
    return count
