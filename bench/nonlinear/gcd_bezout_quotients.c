// expect: yes
// int-semantics: math
// Extended Euclid by quotients (in the style of egcd2): a*p + b*r == x and a*q + b*s == y throughout.
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    __VERIFIER_assume(a >= 1 && b >= 1);
    int x = a, y = b;
    int p = 1, q = 0, r = 0, s = 1;
    while (y != 0) {
        int c = x / y;
        int t = x - c * y;
        int u = p - c * q;
        int v = r - c * s;
        x = y;
        y = t;
        p = q;
        q = u;
        r = s;
        s = v;
    }
    __VERIFIER_assert(x == p * a + r * b);
    return 0;
}
