// expect: no
// int-semantics: math
// Integer square root by odd increments, asserting a strict lower bound: fails on perfect squares.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0);
    int a = 0, s = 1, t = 1;
    while (s <= n) {
        a = a + 1;
        t = t + 2;
        s = s + t;
    }
    __VERIFIER_assert(a * a < n || n == 0);
    return 0;
}
