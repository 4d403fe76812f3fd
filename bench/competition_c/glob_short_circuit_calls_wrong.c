// category: ReachSafety-ControlFlow
// expect: prove=no
// why: inc() > 0 && inc() > 1 holds after two calls, so the third is skipped and g is 2, not 3
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "glob_short_circuit_calls_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int g = 0;
int inc(void) {
  g++;
  return g;
}
int main() {
  if (inc() > 0 && inc() > 1 || inc() > 100) {
    __VERIFIER_assert(g == 3);
  }
  return 0;
}
