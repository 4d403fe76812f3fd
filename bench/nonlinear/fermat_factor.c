// expect: yes
// int-semantics: math
// Fermat's factoring method (in the style of fermat2): 4*(n + r) == u*u - v*v - 2*u + 2*v throughout.
int main(void) {
    int s = __VERIFIER_nondet_int();
    int d = __VERIFIER_nondet_int();
    __VERIFIER_assume(s >= 1 && d >= 0 && d < 2 * s - 1);
    int n = s * s - d;
    int u = 2 * s + 1, v = 1, r = s * s - n;
    while (r != 0) {
        if (r > 0) {
            r = r - v;
            v = v + 2;
        } else {
            r = r + u;
            u = u + 2;
        }
    }
    __VERIFIER_assert(4 * n == (u - v) * (u + v - 2));
    return 0;
}
