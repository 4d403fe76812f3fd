// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_shift_unsigned_ok.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern unsigned int __VERIFIER_nondet_uint(void);
extern void __VERIFIER_assume(int);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* unsigned shifts by 0..31 are defined; bits shifted out are dropped */
int main() {
  int k = __VERIFIER_nondet_int();
  unsigned int x = __VERIFIER_nondet_uint();
  __VERIFIER_assume(k >= 0 && k < 32);
  unsigned int bit = 1u << k;
  unsigned int top = x << 31;
  __VERIFIER_assert(bit != 0u);
  __VERIFIER_assert(top == 0u || top == 2147483648u);
  __VERIFIER_assert((x >> k) <= x);
  return 0;
}
