// expect: yes
// int-semantics: math
// Sum of the first k cubes (in the style of ps4): 4*x == y^4 + 2*y^3 + y^2.
int main(void) {
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0);
    int x = 0, y = 0;
    while (y < k) {
        y = y + 1;
        x = x + y * y * y;
    }
    __VERIFIER_assert(4 * x == k * k * (k + 1) * (k + 1));
    return 0;
}
