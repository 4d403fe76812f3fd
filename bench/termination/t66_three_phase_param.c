// expect: yes
// semantics: math
int f(int a, int b, int c, int d) {
    if (d < 1) return 0;
    while (a > 0) {
        a = a + b;
        b = b + c;
        c = c - d;
    }
    return a;
}
