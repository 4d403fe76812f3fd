// expect: no
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int n = __VERIFIER_nondet_int();
    while (x < n) {
        if (x > 0) x = x + 1;
    }
    return 0;
}
