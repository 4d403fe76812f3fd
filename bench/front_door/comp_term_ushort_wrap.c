// expect: prove=yes terminates=yes/unknown
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_term_ushort_wrap.c", 3, "reach_error"); }
extern unsigned short __VERIFIER_nondet_ushort(void);
/* the increment wraps to 0 after 65535, so the loop ends */
int main() {
  unsigned short i = __VERIFIER_nondet_ushort();
  while (i != 0) {
    i++;
  }
  return 0;
}
