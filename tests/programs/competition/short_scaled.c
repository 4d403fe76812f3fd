// expect: prove=no
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "short_scaled.c", 3, "reach_error"); }
extern short __VERIFIER_nondet_short(void);
int main() {
  short s = __VERIFIER_nondet_short();
  int scaled = s * 100000;
  return scaled;
}
