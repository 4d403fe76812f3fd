// category: ReachSafety-ControlFlow
// expect: prove=yes
// why: only the chosen branch of ?: is evaluated, so exactly one of i, j grows each step
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_ternary_side.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int i = 0, j = 0;
  for (int k = 0; k < 10; k++) {
    int s = __VERIFIER_nondet_int();
    int v = s > 0 ? i++ : j++;
    (void)v;
  }
  __VERIFIER_assert(i + j == 10);
  return 0;
}
