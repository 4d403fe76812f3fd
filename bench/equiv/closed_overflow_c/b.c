// expect: no -- Gauss's closed form under C's int semantics: n*(n+1) overflows (n = 46341) before the loop's sum does
int g(int n) {
    if (n < 1)
        return 0;
    return n * (n + 1) / 2;
}
