// expect: yes
// A loop inside a called function: it returns its argument.
int copy(int n) {
    int r = 0;
    while (r < n) {
        r++;
    }
    return r;
}

int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 5000);
    __VERIFIER_assert(copy(n) == n);
    return 0;
}
