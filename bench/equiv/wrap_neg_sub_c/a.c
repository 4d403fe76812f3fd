long f(long a, long b) {
    return -(a - b);
}
