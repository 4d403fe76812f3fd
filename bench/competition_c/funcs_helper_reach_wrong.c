// category: ReachSafety-ControlFlow
// expect: prove=no
// why: with all eight inputs at 20 the running total reaches 160 > 150 and the helper reaches the error
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "funcs_helper_reach_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
void check_budget(int total) {
  if (total > 150)
    reach_error();
}
int main() {
  int total = 0;
  for (int i = 0; i < 8; i++) {
    int v = __VERIFIER_nondet_int();
    if (v < 0 || v > 20)
      v = 0;
    total += v;
    check_budget(total);
  }
  return 0;
}
