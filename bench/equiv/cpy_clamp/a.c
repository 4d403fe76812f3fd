int f(int x, int lo, int hi) {
    if (lo > hi) {
        int t = lo;
        lo = hi;
        hi = t;
    }
    if (x < lo)
        return lo;
    if (x > hi)
        return hi;
    return x;
}
