// expect: yes
// int-semantics: math
// Integer square root by subtracting 0, 1, 2, ... (in the style of freire1): 2*x + r*r - r == 2*a.
int main(void) {
    int a = __VERIFIER_nondet_int();
    __VERIFIER_assume(a >= 0);
    int x = a, r = 0;
    while (x > r) {
        x = x - r;
        r = r + 1;
    }
    __VERIFIER_assert(2 * x + r * r - r == 2 * a);
    return 0;
}
