// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    int z = __VERIFIER_nondet_int();
    while (x > 0) {
        int d = __VERIFIER_nondet_int();
        if (d < 1) d = 1;
        x = x + y;
        y = y + z;
        z = z - d;
    }
    return 0;
}
