// category: ReachSafety-Loops
// expect: prove=no
// why: C's % truncates towards zero: -3 % 2 is -1, not 1
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_negative_modulo_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  if (x < -100 || x > 100)
    return 0;
  int r = x % 2;
  __VERIFIER_assert(r == 0 || r == 1);
  return 0;
}
