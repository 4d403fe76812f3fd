// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_signed_unsigned_compare.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* a negative int compared with an unsigned becomes a huge unsigned */
int main() {
  int i = __VERIFIER_nondet_int();
  unsigned int u = 10u;
  __VERIFIER_assume(i < 0);
  __VERIFIER_assert(i > u);
  __VERIFIER_assert((long) i < (long) u);
  return 0;
}
