// category: ReachSafety-Loops (nla)
// expect: prove=no
// why: after k steps x = k*k, the claim says k*k + 1 from the first step
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "nla_squares_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
int main() {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 1000);
  int i = 0;
  long long x = 0;
  while (i < n) {
    x = x + 2 * i + 1;
    i++;
    __VERIFIER_assert(x == (long long)i * i + 1);
  }
  return 0;
}
