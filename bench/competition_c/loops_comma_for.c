// category: ReachSafety-Loops
// expect: prove=yes
// why: i and j meet in the middle at 5
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_comma_for.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int i, j;
  for (i = 0, j = 10; i < j; i++, j--)
    ;
  __VERIFIER_assert(i == 5 && j == 5);
  return 0;
}
