// expect: yes
// int-semantics: math
// Binary long division (in the style of divbin): scale b up, then shift it back, one quotient bit at a time.
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    __VERIFIER_assume(x >= 0 && y >= 1);
    int q = 0, r = x, b = y;
    while (r >= b) {
        b = 2 * b;
    }
    while (b != y) {
        q = 2 * q;
        b = b / 2;
        if (r >= b) {
            q = q + 1;
            r = r - b;
        }
    }
    __VERIFIER_assert(x == q * y + r);
    return 0;
}
