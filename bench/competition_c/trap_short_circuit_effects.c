// category: ReachSafety-ControlFlow
// expect: prove=yes
// why: the right operand of && runs only when the left holds, so c counts exactly the positive inputs among those tested
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_short_circuit_effects.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int c = 0;
int bump(void) {
  c++;
  return 1;
}
int main() {
  int n = 0;
  for (int i = 0; i < 5; i++) {
    int x = __VERIFIER_nondet_int();
    if (x > 0 && bump())
      n++;
  }
  __VERIFIER_assert(n == c);
  return 0;
}
