// expect: no
// semantics: math
int f(int x, int y) {
    while (x != y) {
        x = x + 1;
    }
    return x;
}
