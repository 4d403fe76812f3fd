// expect: yes
// A helper called in the loop body (inlined) keeps the accumulator even.
int twice(int v) {
    return v + v;
}

int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000);
    int s = 0;
    for (int i = 0; i < n; i++) {
        s = s + twice(1);
    }
    __VERIFIER_assert(s == 2 * n);
    return 0;
}
