// expect: no
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x != 0) {
        x = -2 * x;
    }
    return 0;
}
