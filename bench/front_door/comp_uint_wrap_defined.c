// expect: prove=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_uint_wrap_defined.c", 3, "reach_error"); }
extern unsigned int __VERIFIER_nondet_uint(void);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* unsigned arithmetic wraps modulo 2^32: defined, never an overflow */
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  unsigned int y = x + 1u;
  unsigned int z = x * 4294967295u;   /* -x modulo 2^32 */
  if (x == 4294967295u) __VERIFIER_assert(y == 0u);
  __VERIFIER_assert(z + x == 0u);
  return 0;
}
