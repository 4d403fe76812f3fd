// expect: yes
// int-semantics: math
// Sum of the first k squares (in the style of ps3): 6*x == 2*y^3 + 3*y^2 + y.
int main(void) {
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0);
    int x = 0, y = 0;
    while (y < k) {
        y = y + 1;
        x = x + y * y;
    }
    __VERIFIER_assert(6 * x == 2 * k * k * k + 3 * k * k + k);
    return 0;
}
