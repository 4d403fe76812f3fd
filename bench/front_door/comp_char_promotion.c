// expect: prove=yes/unknown
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_char_promotion.c", 3, "reach_error"); }
extern unsigned char __VERIFIER_nondet_uchar(void);
extern char __VERIFIER_nondet_char(void);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* char operands are promoted to int before the arithmetic: no wrap in the int result */
int main() {
  unsigned char a = __VERIFIER_nondet_uchar();
  unsigned char b = __VERIFIER_nondet_uchar();
  int sum = a + b;
  unsigned char low = a + b;
  char c = __VERIFIER_nondet_char();
  int sq = c * c;
  __VERIFIER_assert(sum <= 510);
  __VERIFIER_assert(low == (unsigned char) (sum % 256));
  __VERIFIER_assert(sq >= 0 && sq <= 16384);
  return 0;
}
