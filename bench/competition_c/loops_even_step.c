// category: ReachSafety-Loops
// expect: prove=yes
// why: x stays even; the loop leaves with x = 100000000
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_even_step.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  unsigned int x = 0;
  while (x < 100000000) {
    x += 2;
  }
  __VERIFIER_assert(!(x % 2));
  return 0;
}
