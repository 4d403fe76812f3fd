long f(int a, int b) {
    long s = a;
    s += b;
    return s;
}
