// category: ReachSafety-Bitvector
// expect: prove=no
// why: 64 is a power of two below 100 the list forgets
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "bits_power_of_two_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned int __VERIFIER_nondet_uint(void);
extern void __VERIFIER_assume(int);
int main() {
  unsigned int x = __VERIFIER_nondet_uint();
  __VERIFIER_assume(x > 0 && x < 100);
  if ((x & (x - 1)) == 0) {
    __VERIFIER_assert(x == 1 || x == 2 || x == 4 || x == 8 || x == 16 || x == 32);
  }
  return 0;
}
