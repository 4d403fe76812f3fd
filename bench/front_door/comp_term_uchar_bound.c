// expect: prove=yes/unknown terminates=no/unknown
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "comp_term_uchar_bound.c", 3, "reach_error"); }
/* an unsigned char is always below 300: the loop never ends */
int main() {
  unsigned char i;
  int steps = 0;
  for (i = 0; i < 300; i++) {
    steps = 1;
  }
  return steps;
}
