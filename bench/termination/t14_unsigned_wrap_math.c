// expect: no
// semantics: math
int f(unsigned x) {
    while (x > 0) {
        x = x + 1;
    }
    return 0;
}
