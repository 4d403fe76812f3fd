// category: ReachSafety-Loops
// expect: prove=no
// data-model: LP64
// why: a char takes 256 values before it is 0 again, not 255 (gcc: char is signed, wraps on conversion)
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_char_wrap_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  char c = 0;
  int n = 0;
  do {
    c++;
    n++;
  } while (c != 0);
  __VERIFIER_assert(n == 255);
  return 0;
}
