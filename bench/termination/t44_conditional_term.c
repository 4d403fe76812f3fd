// expect: no
// semantics: math
int f(int x, int d) {
    while (x < 100) {
        x = x + d;
    }
    return x;
}
