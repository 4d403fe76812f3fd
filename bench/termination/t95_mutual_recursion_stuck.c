// expect: no
// why: is_even(2) calls is_odd(1), which calls is_even(2) again
extern int __VERIFIER_nondet_int(void);
int is_odd(int n);
int is_even(int n) { if (n == 0) return 1; return is_odd(n - 1); }
int is_odd(int n) { if (n == 0) return 0; return is_even(n + 1); }
int main(void) {
  int n = __VERIFIER_nondet_int();
  if (n < 0) return 0;
  return is_even(n);
}
