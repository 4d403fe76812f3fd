// expect: yes
// Nested loops: the inner counter never passes the outer one.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
            __VERIFIER_assert(j < n);
        }
    }
    return 0;
}
