// expect: no
// semantics: math
int f(int x, int y) {
    while (x > 0) {
        x = x + y;
        y = y + 1;
    }
    return x;
}
