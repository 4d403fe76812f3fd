// category: ReachSafety-Loops
// expect: prove=yes
// why: s only grows from 0; i stays at most n
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_long_long_sum.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned int __VERIFIER_nondet_uint(void);
extern void __VERIFIER_assume(int);
int main() {
  unsigned int n = __VERIFIER_nondet_uint();
  __VERIFIER_assume(n <= 65535);
  long long s = 0;
  for (unsigned int i = 0; i < n; i++) {
    s += i;
  }
  __VERIFIER_assert(s >= 0);
  return 0;
}
