// expect: yes
// semantics: math
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    int c = __VERIFIER_nondet_int();
    while (a > 0 && b > 0 && c > 0) {
        if (__VERIFIER_nondet_int()) {
            a = a - 1;
            b = __VERIFIER_nondet_int();
            c = __VERIFIER_nondet_int();
        } else if (__VERIFIER_nondet_int()) {
            b = b - 1;
            c = __VERIFIER_nondet_int();
        } else {
            c = c - 1;
        }
    }
    return 0;
}
