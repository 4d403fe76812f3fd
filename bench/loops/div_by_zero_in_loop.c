// expect: no
// The divisor i - 5 reaches zero when i is 5.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 10 && n <= 1000);
    int s = 0;
    for (int i = 0; i < n; i++) {
        s = s + 100 / (i - 5);
    }
    return s;
}
