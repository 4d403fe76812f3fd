// category: ReachSafety-ControlFlow
// expect: prove=no
// why: three steps with input 1 move the machine 0 -> 1 -> 2 -> 3
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "switch_machine_reaches_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int state = 0;
  while (__VERIFIER_nondet_int()) {
    int in = __VERIFIER_nondet_int();
    switch (state) {
    case 0:
      if (in == 1)
        state = 1;
      break;
    case 1:
      state = in == 1 ? 2 : 0;
      break;
    case 2:
      if (in == 1) {
        state = 3;
        break;
      }
      state = 0;
      break;
    default:
      break;
    }
  }
  __VERIFIER_assert(state != 3);
  return 0;
}
