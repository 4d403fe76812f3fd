// category: ReachSafety-Loops (bitvector)
// expect: prove=yes
// why: x &= x - 1 clears one set bit a step: at most 32 steps
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "bits_popcount.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned int __VERIFIER_nondet_uint(void);
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  int c = 0;
  while (x) {
    x &= x - 1;
    c++;
  }
  __VERIFIER_assert(c <= 32);
  return 0;
}
