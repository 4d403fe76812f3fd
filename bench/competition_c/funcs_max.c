// category: ReachSafety-Loops
// expect: prove=yes
// why: max returns one of its arguments, the larger one
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "funcs_max.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
static int max(int a, int b) { return a > b ? a : b; }
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  int m = max(x, y);
  __VERIFIER_assert(m >= x && m >= y);
  __VERIFIER_assert(m == x || m == y);
  return 0;
}
