// expect: no
// The inner loop reaches i, which is n - 1 at most, but the assertion says j < i - 1.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000);
    for (int i = 0; i < n; i++) {
        int j = 0;
        while (j < i) {
            j++;
        }
        __VERIFIER_assert(j < i || i == 0);
    }
    return 0;
}
