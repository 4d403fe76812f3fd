// category: ReachSafety-ControlFlow
// expect: prove=no
// why: case 1 has no break and falls into case 2, adding 10 more
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_switch_fallthrough_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int k = __VERIFIER_nondet_int();
  int v = 0;
  switch (k) {
  case 1:
    v += 1;
  case 2:
    v += 10;
    break;
  default:
    v = 5;
  }
  __VERIFIER_assert(v != 11);
  return 0;
}
