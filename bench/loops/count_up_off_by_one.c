// expect: no
// The classic off-by-one: after the loop i equals n, never n + 1.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000);
    int i = 0;
    while (i < n) {
        i++;
    }
    __VERIFIER_assert(i == n + 1);
    return 0;
}
