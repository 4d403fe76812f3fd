// category: ReachSafety-Loops
// expect: prove=no
// why: x + 1 wraps to 0 when x is UINT_MAX, which is not above x
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_uint_increment_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned int __VERIFIER_nondet_uint(void);
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  unsigned int y = x + 1;
  __VERIFIER_assert(y > x);
  return 0;
}
