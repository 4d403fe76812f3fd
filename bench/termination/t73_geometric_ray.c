// expect: no
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    while (x > 0) {
        x = x + y;
        y = 2 * y;
    }
    return 0;
}
