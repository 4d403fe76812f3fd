// expect: yes -- xor applied n times: unrolled by two (pairs cancel)
int g(int n, int x) {
    int s = 0;
    int i = 0;
    while (i + 1 < n) {
        s ^= x;
        s ^= x;
        i += 2;
    }
    if (i < n)
        s ^= x;
    return s;
}
