// expect: prove=no
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_short_truncation.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* converting an int above 32767 to short does not keep the value */
int main() {
  int x = __VERIFIER_nondet_int();
  __VERIFIER_assume(x >= 0 && x < 100000);
  short s = (short) x;
  __VERIFIER_assert(s >= 0);
  return 0;
}
