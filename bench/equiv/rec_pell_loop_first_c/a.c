int f(int n) {
    if (n < 0 || n > 20) return 0;
    int p = 0, q = 1;
    for (int i = 0; i < n; i++) {
        int r = 2 * q + p;
        p = q;
        q = r;
    }
    return p;
}
