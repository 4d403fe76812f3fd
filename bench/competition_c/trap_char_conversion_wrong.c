// category: ReachSafety-Bitvector
// expect: prove=no
// why: (signed char)200 is -56 with gcc, so the converted value is negative
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "trap_char_conversion_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned char __VERIFIER_nondet_uchar(void);
int main() {
  unsigned char u = __VERIFIER_nondet_uchar();
  signed char s = (signed char)u;
  __VERIFIER_assert(s >= 0);
  return 0;
}
