// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    int z = __VERIFIER_nondet_int();
    while (x > 0 && y > 0 && z > 0) {
        if (__VERIFIER_nondet_int()) {
            x = x - 1;
            y = __VERIFIER_nondet_int();
            z = __VERIFIER_nondet_int();
        } else if (__VERIFIER_nondet_int()) {
            y = y - 1;
            z = __VERIFIER_nondet_int();
        } else {
            z = z - 1;
        }
    }
    return 0;
}
