// expect: yes
// j moves twice as fast as i.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 100000);
    int i = 0, j = 0;
    while (i < n) {
        i = i + 1;
        j = j + 2;
    }
    __VERIFIER_assert(j == 2 * i);
    return 0;
}
