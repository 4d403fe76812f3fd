// category: ReachSafety-Loops
// expect: prove=yes
// why: an unsigned char comes back to 0 after 256 increments
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_uchar_wrap.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  unsigned char c = 0;
  unsigned int n = 0;
  do {
    c++;
    n++;
  } while (c != 0);
  __VERIFIER_assert(n == 256);
  return 0;
}
