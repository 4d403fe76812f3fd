// expect: yes -- factorial up to 12! (the last one an int holds) against the product loop
int g(int n) {
    if (n < 0 || n > 12) return 0;
    int r = 1;
    for (int i = 2; i <= n; i++)
        r *= i;
    return r;
}
