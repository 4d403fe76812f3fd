// category: ReachSafety-ControlFlow
// expect: prove=no
// why: the static counter keeps its value across calls: the third call returns 3
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_static_local_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int next_id(void) {
  static int counter = 0;
  counter++;
  return counter;
}
int main() {
  int a = next_id();
  int b = next_id();
  int c = next_id();
  __VERIFIER_assert(a + b + c != 6);
  return 0;
}
