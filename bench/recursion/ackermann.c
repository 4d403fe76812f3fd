// expect: yes   semantics: math
int ack(int m, int n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
int main(void) {
    int m = __VERIFIER_nondet_int();
    int n = __VERIFIER_nondet_int();
    if (m < 0 || n < 0) return 0;
    __VERIFIER_assert(ack(m, n) > n);
    return 0;
}
