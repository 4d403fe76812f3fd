// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "sum_bounded.c", 3, "reach_error"); }
extern unsigned int __VERIFIER_nondet_uint(void);
extern void __VERIFIER_assume(int cond);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  unsigned int n = __VERIFIER_nondet_uint();
  __VERIFIER_assume(n < 1000);
  unsigned int i = 0, s = 0;
  while (i < n) {
    s = s + 2;
    i = i + 1;
  }
  __VERIFIER_assert(s == 2 * n);
  return 0;
}
