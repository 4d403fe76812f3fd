// expect: no   semantics: math
// sum_to(100) == 5050: a bug 100 calls deep, past inlining; summaries answer only yes
int sum_to(int n) { if (n <= 0) return 0; return n + sum_to(n - 1); }
int main(void) {
    int n = __VERIFIER_nondet_int();
    if (n < 0 || n > 200) return 0;
    __VERIFIER_assert(sum_to(n) != 5050);
    return 0;
}
