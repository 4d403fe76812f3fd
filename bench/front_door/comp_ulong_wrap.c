// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_ulong_wrap.c", 3, "reach_error"); }
extern unsigned long __VERIFIER_nondet_ulong(void);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
int main() {
  unsigned long a = __VERIFIER_nondet_ulong();
  unsigned long b = a - 1UL;
  if (a == 0UL) __VERIFIER_assert(b == 18446744073709551615UL);
  else __VERIFIER_assert(b < a);
  return 0;
}
