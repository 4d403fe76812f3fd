// expect: yes
// int-semantics: math
// Extended Euclid by subtraction (in the style of egcd): Bezout coefficients kept alongside x and y.
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    __VERIFIER_assume(a >= 1 && b >= 1);
    int x = a, y = b;
    int p = 1, q = 0, r = 0, s = 1;
    while (x != y) {
        if (x > y) {
            x = x - y;
            p = p - q;
            r = r - s;
        } else {
            y = y - x;
            q = q - p;
            s = s - r;
        }
    }
    __VERIFIER_assert(x == p * a + r * b);
    __VERIFIER_assert(y == q * a + s * b);
    return 0;
}
