// category: ReachSafety-Loops
// expect: prove=no
// why: 0, 2, ..., 48 are 25 even numbers, not 24
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_continue_break_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int count = 0;
  for (int i = 0; ; i++) {
    if (i >= 50)
      break;
    if (i % 2)
      continue;
    count++;
  }
  __VERIFIER_assert(count == 24);
  return 0;
}
