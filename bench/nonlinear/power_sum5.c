// expect: yes
// int-semantics: math
// Sum of the first k fourth powers (in the style of ps5): 30*x == 6*k^5 + 15*k^4 + 10*k^3 - k.
int main(void) {
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0);
    int x = 0, y = 0;
    while (y < k) {
        y = y + 1;
        x = x + y * y * y * y;
    }
    __VERIFIER_assert(30 * x == 6 * y * y * y * y * y + 15 * y * y * y * y + 10 * y * y * y - y);
    return 0;
}
