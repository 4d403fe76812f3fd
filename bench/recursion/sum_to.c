// expect: yes   semantics: math
int sum_to(int n) { if (n <= 0) return 0; return n + sum_to(n - 1); }
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assert(sum_to(n) >= n);
    return 0;
}
