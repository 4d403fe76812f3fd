// expect: yes
// A counter modulo 7 stays in range; the division is never by zero.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000);
    int k = 0, q = 0;
    for (int i = 0; i < n; i++) {
        k = (k + 1) % 7;
        q = 1000 / (k + 1);
    }
    __VERIFIER_assert(k >= 0 && k < 7 && q >= 0);
    return 0;
}
