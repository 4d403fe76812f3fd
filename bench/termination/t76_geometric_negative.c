// expect: no
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x < 0) {
        x = 3 * x + 1;
    }
    return 0;
}
