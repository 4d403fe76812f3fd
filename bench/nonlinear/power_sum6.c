// expect: yes
// int-semantics: math
// Sum of the first k fifth powers (in the style of ps6): 12*x == 2*k^6 + 6*k^5 + 5*k^4 - k^2.
int main(void) {
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0);
    int x = 0, y = 0;
    while (y < k) {
        y = y + 1;
        x = x + y * y * y * y * y;
    }
    __VERIFIER_assert(12 * x == 2 * k * k * k * k * k * k + 6 * k * k * k * k * k + 5 * k * k * k * k - k * k);
    return 0;
}
