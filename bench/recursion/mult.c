// expect: yes   semantics: math
int mult(int a, int b) { if (b == 0) return 0; return a + mult(a, b - 1); }
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    if (a < 0 || b < 0) return 0;
    __VERIFIER_assert(mult(a, b) >= 0);
    return 0;
}
