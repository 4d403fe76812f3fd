// category: ReachSafety-Bitvector
// expect: prove=yes
// why: eight rotations of an 8-bit value by one bit give it back
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "bits_uchar_rotate.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned char __VERIFIER_nondet_uchar(void);
int main() {
  unsigned char x = __VERIFIER_nondet_uchar();
  unsigned char y = x;
  for (int i = 0; i < 8; i++)
    y = (unsigned char)((y << 1) | (y >> 7));
  __VERIFIER_assert(y == x);
  return 0;
}
