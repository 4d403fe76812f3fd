// expect: terminates=yes prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "term_state_machine.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }

int main(void) {
  int state = 0;
  int steps = 0;
 s0:
  steps++;
  if (steps > 10) goto done;
  state = 1;
  goto s1;
 s1:
  steps++;
  state = 0;
  goto s0;
 done:
  __VERIFIER_assert(steps == 11 && state == 0);
  return 0;
}
