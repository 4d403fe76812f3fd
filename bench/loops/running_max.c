// expect: yes
// The running maximum of nondeterministic values never drops below its start.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000);
    int m = 0;
    for (int i = 0; i < n; i++) {
        int v = __VERIFIER_nondet_int();
        if (v > m) {
            m = v;
        }
    }
    __VERIFIER_assert(m >= 0);
    return 0;
}
