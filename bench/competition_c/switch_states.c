// category: ReachSafety-ControlFlow
// expect: prove=yes
// why: the state only moves 0 -> 1 -> 2 -> 0
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "switch_states.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int state = 0;
  int steps = 0;
  while (__VERIFIER_nondet_int()) {
    switch (state) {
    case 0:
      state = 1;
      break;
    case 1:
      state = 2;
      break;
    case 2:
      state = 0;
      break;
    default:
      reach_error();
    }
    if (steps < 1000000)
      steps++;
  }
  __VERIFIER_assert(state >= 0 && state <= 2);
  return 0;
}
