// expect: yes
int is_even(int n);
int is_odd(int n) { if (n == 0) return 0; return is_even(n - 1); }
int is_even(int n) { if (n == 0) return 1; return is_odd(n - 1); }
int main(void) {
    int n = __VERIFIER_nondet_int();
    if (n < 0) return 0;
    int e = is_even(n);
    __VERIFIER_assert(e == 0 || e == 1);
    return 0;
}
