// expect: yes
// Multiplication by repeated addition: p == i * m throughout.
int main(void) {
    int n = __VERIFIER_nondet_int();
    int m = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000 && m >= 0 && m <= 1000);
    int i = 0, p = 0;
    while (i < n) {
        p = p + m;
        i = i + 1;
    }
    __VERIFIER_assert(p == n * m);
    return 0;
}
