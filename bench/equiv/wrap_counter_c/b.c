// expect: no -- options: --int-semantics wrap -- the counter wraps past INT_MAX; B saturates instead
int g(int n) {
    int c = 0;
    for (int i = 0; i < n; i++) {
        if (c > 2147483647 - 1000000)
            c = 2147483647;
        else
            c += 1000000;
    }
    return c;
}
