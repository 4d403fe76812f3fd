// expect: no
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x > 0) {
        int d = __VERIFIER_nondet_int();
        if (d < 0) d = 0;
        if (d > 1) d = 1;
        x = 2 * x - d;
    }
    return 0;
}
