// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x > 0) {
        int d = __VERIFIER_nondet_int();
        if (d < 1) d = 1;
        x = x - d;
    }
    return 0;
}
