// category: ReachSafety-Loops
// expect: prove=yes
// why: an even number of negations gives the flag back
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_bool_toggle_even.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern _Bool __VERIFIER_nondet_bool(void);
int main() {
  _Bool b = __VERIFIER_nondet_bool();
  _Bool start = b;
  for (int i = 0; i < 10; i++)
    b = !b;
  __VERIFIER_assert(b == start);
  return 0;
}
