// expect: yes   semantics: math
int fib(int n) { if (n <= 1) return n; return fib(n - 1) + fib(n - 2); }
int main(void) {
    int n = __VERIFIER_nondet_int();
    if (n < 0) return 0;
    __VERIFIER_assert(fib(n) >= 0);
    return 0;
}
