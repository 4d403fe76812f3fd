// category: ReachSafety-Loops
// expect: prove=yes
// why: a short squared fits an int and is not negative
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "short_square.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern short __VERIFIER_nondet_short(void);
int main() {
  short s = __VERIFIER_nondet_short();
  int t = s * s;
  __VERIFIER_assert(t >= 0);
  __VERIFIER_assert(t <= 32768 * 32768);
  return 0;
}
