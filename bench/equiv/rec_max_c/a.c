int m2(int a, int b) { return a > b ? a : b; }
int f(int a, int b, int c) {
    return m2(a, m2(b, c));
}
