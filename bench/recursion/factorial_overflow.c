// expect: no
// 13! overflows int: 13 calls deep, past inlining; summaries answer only yes
int fact(int n) { if (n <= 1) return 1; return n * fact(n - 1); }
int main(void) {
    int n = __VERIFIER_nondet_int();
    if (n < 0 || n > 20) return 0;
    int f = fact(n);
    return f > 0;
}
