// expect: yes
// Gauss: the sum of 0..n-1 is n(n-1)/2 (a non-linear invariant).
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000);
    int i = 0, s = 0;
    while (i < n) {
        s = s + i;
        i = i + 1;
    }
    __VERIFIER_assert(2 * s == n * (n - 1));
    return 0;
}
