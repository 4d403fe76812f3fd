// expect: prove=yes/unknown
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_trunc_division.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* C division truncates toward zero: the remainder takes the dividend's sign */
int main() {
  int a = __VERIFIER_nondet_int();
  int b = __VERIFIER_nondet_int();
  __VERIFIER_assume(a > -1000 && a < 1000);
  __VERIFIER_assume(b > 0 && b < 50);
  int q = a / b;
  int r = a % b;
  __VERIFIER_assert(q * b + r == a);
  __VERIFIER_assert(a >= 0 || r <= 0);
  __VERIFIER_assert(r > -b && r < b);
  return 0;
}
