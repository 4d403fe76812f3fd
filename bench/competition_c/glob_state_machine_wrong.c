// category: ReachSafety-ControlFlow
// expect: prove=no
// why: inputs 1, 2, 3 drive the global state from 0 to 3, where check() fails
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "glob_state_machine_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int state = 0;
int errors = 0;
void transition(int input) {
  if (state == 0 && input == 1)
    state = 1;
  else if (state == 1 && input == 2)
    state = 2;
  else if (state == 2 && input == 3)
    state = 3;
  else
    errors++;
}
int check(void) {
  return state != 3;
}
int main() {
  for (int i = 0; i < 5; i++) {
    int input = __VERIFIER_nondet_int();
    if (input < 0 || input > 5)
      return 0;
    transition(input);
    __VERIFIER_assert(check());
  }
  return 0;
}
