// expect: yes
// A counter runs up to a bounded input; afterwards it equals the bound.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000);
    int i = 0;
    while (i < n) {
        i++;
    }
    __VERIFIER_assert(i == n);
    return 0;
}
