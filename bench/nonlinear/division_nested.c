// expect: yes
// int-semantics: math
// Division by doubling the subtracted multiple (in the style of cohendiv): x == q*y + r.
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    __VERIFIER_assume(x >= 0 && y >= 1);
    int q = 0, r = x;
    while (r >= y) {
        int a = 1, b = y;
        while (r >= 2 * b) {
            a = 2 * a;
            b = 2 * b;
        }
        r = r - b;
        q = q + a;
    }
    __VERIFIER_assert(x == q * y + r);
    __VERIFIER_assert(r >= 0 && r < y);
    return 0;
}
