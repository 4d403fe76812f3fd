// category: ReachSafety-Loops
// expect: prove=no
// why: i >= 0 always holds for an unsigned i: the loop wraps past 0 and visits huge values
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_uint_loop_down_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned int __VERIFIER_nondet_uint(void);
int main() {
  unsigned int n = __VERIFIER_nondet_uint();
  if (n > 10)
    return 0;
  int steps = 0;
  for (unsigned int i = n; i >= 0; i--) {
    steps++;
    __VERIFIER_assert(i <= n);
    if (steps > 20)
      break;
  }
  return 0;
}
