// category: ReachSafety-Loops
// expect: prove=yes
// why: from c > 0, incrementing an unsigned char reaches 0 after 256 - c <= 255 steps
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "loops_uchar_count_up.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned char __VERIFIER_nondet_uchar(void);
int main() {
  unsigned char c = __VERIFIER_nondet_uchar();
  int n = 0;
  while (c != 0) {
    c++;
    n++;
  }
  __VERIFIER_assert(n <= 255);
  return 0;
}
