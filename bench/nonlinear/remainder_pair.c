// expect: yes
// int-semantics: math
// Division with the divisor's multiple kept (in the style of hard): x == q*y + r and d == y*p.
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    __VERIFIER_assume(x >= 0 && y >= 1);
    int r = x, d = y, p = 1, q = 0;
    while (r >= d) {
        d = 2 * d;
        p = 2 * p;
    }
    while (p != 1) {
        d = d / 2;
        p = p / 2;
        if (r >= d) {
            r = r - d;
            q = q + p;
        }
    }
    __VERIFIER_assert(x == q * y + r);
    __VERIFIER_assert(r < y);
    return 0;
}
