// expect: no
// int-semantics: math
// Sum of the first k integers, asserting the closed form of the first k - 1.
int main(void) {
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0);
    int x = 0, y = 0;
    while (y < k) {
        y = y + 1;
        x = x + y;
    }
    __VERIFIER_assert(2 * x == k * k - k);
    return 0;
}
