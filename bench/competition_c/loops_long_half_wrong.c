// category: ReachSafety-Loops
// expect: prove=no
// why: for an odd x, x / 2 + x / 2 is x - 1
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_long_half_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern long __VERIFIER_nondet_long(void);
int main() {
  long x = __VERIFIER_nondet_long();
  if (x > 0 && x < 1000000) {
    long y = x / 2;
    __VERIFIER_assert(y + y == x);
  }
  return 0;
}
