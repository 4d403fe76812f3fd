int f(int n) {
    int c = 0;
    for (int i = 0; i < n; i++)
        c += 1000000;
    return c;
}
