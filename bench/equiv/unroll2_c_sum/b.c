// expect: yes -- unrolled by two (a remainder step when n is odd)
long g(int n) {
    long s = 0;
    int i = 0;
    for (; i + 1 < n; i += 2)
        s += 2L * i + 1;
    if (i < n)
        s += i;
    return s;
}
