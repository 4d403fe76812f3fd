// expect: prove=no
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_uint_doubling_reach.c", 3, "reach_error"); }
extern unsigned int __VERIFIER_nondet_uint(void);
/* doubling wraps for x >= 2^31, so y < x is reachable */
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  unsigned int y = x * 2u;
  if (y < x) {
    reach_error();
  }
  return 0;
}
