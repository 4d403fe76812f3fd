// expect: yes
// x counts by twos, y by ones: x == 2y.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 100000);
    int x = 0, y = 0;
    while (x < 2 * n) {
        x = x + 2;
        y = y + 1;
    }
    __VERIFIER_assert(x == 2 * y);
    return 0;
}
