// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    while (x > 0 && y > 0) {
        if (__VERIFIER_nondet_int()) {
            x = x - 1;
        } else {
            x = x + 1;
            y = y - 1;
        }
    }
    return 0;
}
