// expect: no
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x > 0) {
        int y = __VERIFIER_nondet_int();
        x = x + y;
    }
    return 0;
}
