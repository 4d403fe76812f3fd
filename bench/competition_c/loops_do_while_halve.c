// category: ReachSafety-Loops
// expect: prove=yes
// why: halving an unsigned int reaches 0 in at most 32 steps
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_do_while_halve.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned int __VERIFIER_nondet_uint(void);
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  unsigned int steps = 0;
  do {
    x = x / 2;
    steps++;
  } while (x != 0);
  __VERIFIER_assert(steps <= 32);
  return 0;
}
