// category: ReachSafety-Loops
// expect: prove=no
// why: x runs 0, 3, ..., 1002: it never equals 1000
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_step_three_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  unsigned int x = 0;
  while (x < 1000) {
    x += 3;
  }
  __VERIFIER_assert(x == 1000);
  return 0;
}
