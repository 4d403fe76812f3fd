// expect: yes
// int-semantics: math
// Integer square root by odd increments (in the style of sqrt1): a*a <= n < (a+1)*(a+1) at the end.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0);
    int a = 0, s = 1, t = 1;
    while (s <= n) {
        a = a + 1;
        t = t + 2;
        s = s + t;
    }
    __VERIFIER_assert(a * a <= n);
    __VERIFIER_assert(n < (a + 1) * (a + 1));
    return 0;
}
