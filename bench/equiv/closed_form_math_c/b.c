// expect: yes -- options: --int-semantics math -- Gauss's closed form against the loop (unbounded integers)
int g(int n) {
    if (n < 1)
        return 0;
    return n * (n + 1) / 2;
}
