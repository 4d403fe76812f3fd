// expect: yes   semantics: math
int hanoi(int n) { if (n <= 0) return 0; return 2 * hanoi(n - 1) + 1; }
int main(void) {
    int n = __VERIFIER_nondet_int();
    if (n < 0) return 0;
    __VERIFIER_assert(hanoi(n) >= n);
    return 0;
}
