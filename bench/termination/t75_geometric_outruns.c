// expect: no
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    while (x > y) {
        x = 2 * x;
        y = y + 1;
    }
    return 0;
}
