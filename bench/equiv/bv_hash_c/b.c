// expect: no -- without wrap-around, 31*h overflows where (h << 5) shifts into the sign bit: different failures
int g(int n, int x) {
    int h = 7;
    for (int i = 0; i < n; i++)
        h = (h << 5) - h + x;
    return h;
}
