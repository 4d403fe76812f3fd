// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_width_casts.c", 3, "reach_error"); }
extern long __VERIFIER_nondet_long(void);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* long -> int -> unsigned keeps the low 32 bits; widening back is exact */
int main() {
  long l = __VERIFIER_nondet_long();
  int i = (int) l;
  unsigned int u = (unsigned int) i;
  unsigned long back = u;
  __VERIFIER_assert(back == ((unsigned long) l & 4294967295UL));
  __VERIFIER_assert((long) i == l || l > 2147483647L || l < -2147483647L - 1);
  return 0;
}
