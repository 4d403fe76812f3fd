// expect: no
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    int t;
    while (x > 0) {
        t = x + y;
        y = x;
        x = t;
    }
    return 0;
}
