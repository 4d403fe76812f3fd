// expect: yes
// semantics: math
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    int t;
    if (a < 0 || b < 0) return 0;
    while (b != 0) {
        t = b;
        b = a % b;
        a = t;
    }
    return a;
}
