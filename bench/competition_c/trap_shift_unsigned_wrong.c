// category: ReachSafety-Bitvector
// expect: prove=no
// why: shifting the top bit out of an unsigned int loses it: (x << 1) >> 1 differs from x when x >= 2^31
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_shift_unsigned_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned int __VERIFIER_nondet_uint(void);
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  __VERIFIER_assert(((x << 1) >> 1) == x);
  return 0;
}
