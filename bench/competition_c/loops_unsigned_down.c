// category: ReachSafety-Loops
// expect: prove=yes
// why: the count-down loop runs exactly n times
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_unsigned_down.c", 3, "reach_error"); }
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
  __VERIFIER_assume(n < 100000);
  unsigned int count = 0;
  for (unsigned int i = n; i > 0; i--)
    count++;
  __VERIFIER_assert(count == n);
  return 0;
}
