// expect: yes
// Sum of odd numbers in 32-bit ints, k at most 1000: s == i*i.
int main(void) {
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0 && k <= 1000);
    int i = 0, s = 0;
    while (i < k) {
        s = s + 2 * i + 1;
        i = i + 1;
    }
    __VERIFIER_assert(s == k * k);
    return 0;
}
