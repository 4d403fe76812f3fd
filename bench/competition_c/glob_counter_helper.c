// category: ReachSafety-ControlFlow
// expect: prove=yes
// why: step() adds 2 to the global each call, so after n calls it is 2n
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "glob_counter_helper.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int counter = 0;
void step(void) {
  counter += 2;
}
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > 100)
    return 0;
  for (int i = 0; i < n; i++)
    step();
  __VERIFIER_assert(counter == 2 * n);
  return 0;
}
