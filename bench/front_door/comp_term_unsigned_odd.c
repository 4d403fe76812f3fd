// expect: terminates=no/unknown
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_term_unsigned_odd.c", 3, "reach_error"); }
extern unsigned int __VERIFIER_nondet_uint(void);
/* from an odd start, x - 2 wraps around and stays odd: it never reaches 0 */
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  while (x != 0u) {
    x = x - 2u;
  }
  return 0;
}
