// expect: prove=no/unknown
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_short_product_overflow.c", 3, "reach_error"); }
extern short __VERIFIER_nondet_short(void);
/* short * short fits in int, but a third factor does not */
int main() {
  short s = __VERIFIER_nondet_short();
  int square = s * s;
  int cube = square * s;
  return cube > 0;
}
