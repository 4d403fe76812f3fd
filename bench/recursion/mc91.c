// expect: yes
int mc91(int n) { if (n > 100) return n - 10; return mc91(mc91(n + 11)); }
int main(void) {
    int n = __VERIFIER_nondet_int();
    int r = mc91(n);
    if (n <= 100) __VERIFIER_assert(r == 91);
    return 0;
}
