// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int up = __VERIFIER_nondet_int();
    while (x > 0) {
        if (up != 0) {
            x = x + 1;
            if (x > 50) up = 0;
        } else {
            x = x - 1;
        }
    }
    return 0;
}
