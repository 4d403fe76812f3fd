// expect: yes
// Nested loops count n * m steps.
int main(void) {
    int n = __VERIFIER_nondet_int();
    int m = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 100 && m >= 0 && m <= 100);
    int c = 0;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
            c++;
        }
    }
    __VERIFIER_assert(c == n * m);
    return 0;
}
