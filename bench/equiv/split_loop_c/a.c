int f(int n) {
    int s = 0, t = 0;
    for (int i = 0; i < n; i++) {
        s += 2;
        t += 3;
    }
    return s - t;
}
