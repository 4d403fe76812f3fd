// category: ReachSafety-ControlFlow (old __VERIFIER_error)
// expect: prove=no
// why: y = 2x is odd never, but x = 7 reaches the label through the second test
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "old_goto_error.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_error(void);
int main() {
  int x = __VERIFIER_nondet_int();
  if (x < 0 || x > 100) return 0;
  int y = 2 * x;
  if (y % 2 == 1) goto ERROR;
  if (x == 7) goto ERROR;
  return 0;
ERROR:
  __VERIFIER_error();
  return 1;
}
