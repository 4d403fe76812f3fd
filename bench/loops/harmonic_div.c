// expect: yes
// Dividing by a counter that starts at 1: never a division by zero, and the sum stays bounded.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000);
    int s = 0;
    for (int i = 1; i <= n; i++) {
        s = s + 100 / i;
    }
    __VERIFIER_assert(s <= 100 * n);
    return 0;
}
