// expect: no
// semantics: math
int f(int x) {
    while (x != 0) {
        x = x - 2;
    }
    return x;
}
