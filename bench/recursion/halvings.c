// expect: yes
int halvings(int n) { if (n <= 1) return 0; return 1 + halvings(n / 2); }
int main(void) {
    int n = __VERIFIER_nondet_int();
    if (n < 1) return 0;
    __VERIFIER_assert(halvings(n) < n);
    return 0;
}
