// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    while (x > 0) {
        while (y > 0) {
            y = y - 1;
            x = x - 1;
        }
        y = x;
        x = x - 1;
    }
    return 0;
}
