// expect: no   semantics: math
// fib(5) == 5: the bug is within the inlining depth
int fib(int n) { if (n <= 1) return n; return fib(n - 1) + fib(n - 2); }
int main(void) {
    int n = __VERIFIER_nondet_int();
    if (n < 0 || n > 10) return 0;
    __VERIFIER_assert(fib(n) != 5);
    return 0;
}
