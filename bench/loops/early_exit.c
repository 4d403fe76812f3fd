// expect: yes
// A search loop with break: the found index is within range.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 1 && n <= 1000);
    int found = -1;
    for (int i = 0; i < n; i++) {
        if (__VERIFIER_nondet_int()) {
            found = i;
            break;
        }
    }
    __VERIFIER_assert(found < n);
    return 0;
}
