// expect: yes
// int-semantics: math
// Sum of the first k integers (in the style of ps2): 2*x == y*y + y.
int main(void) {
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0);
    int x = 0, y = 0;
    while (y < k) {
        y = y + 1;
        x = x + y;
    }
    __VERIFIER_assert(2 * x == k * k + k);
    return 0;
}
