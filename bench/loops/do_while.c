// expect: yes
// A do-while runs its body at least once.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 1 && n <= 1000);
    int i = 0;
    do {
        i++;
    } while (i < n);
    __VERIFIER_assert(i == n);
    return 0;
}
