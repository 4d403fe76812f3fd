// expect: prove=yes/unknown terminates=yes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_unsigned_parity_loop.c", 3, "reach_error"); }
extern unsigned int __VERIFIER_nondet_uint(void);
void __VERIFIER_assert(int cond) { if (!(cond)) { ERROR: {reach_error();abort();} } return; }
/* x stays even: the invariant x % 2 == 0 (unsigned, so no overflow check) */
int main() {
  unsigned int n = __VERIFIER_nondet_uint();
  unsigned int x = 0u;
  while (x < n && x < 100000000u) {
    x += 2u;
  }
  __VERIFIER_assert(x % 2u == 0u);
  return 0;
}
