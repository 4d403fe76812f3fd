int f(int n, int x) {
    int h = 7;
    for (int i = 0; i < n; i++)
        h = 31 * h + x;
    return h;
}
