// category: ReachSafety-Bitvector
// expect: prove=no
// why: in x < u the int -1 converts to UINT_MAX, so a negative x is not below 5u
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_signed_unsigned_cmp_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int x = __VERIFIER_nondet_int();
  unsigned int u = 5;
  if (x < 5) {
    __VERIFIER_assert(x < u);
  }
  return 0;
}
