// expect: no
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x > 0) {
        int d = __VERIFIER_nondet_int();
        if (d > 0) x = x - d;
    }
    return 0;
}
