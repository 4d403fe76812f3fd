// category: ReachSafety-Bitvector
// expect: prove=yes
// data-model: ILP32
// why: with 32-bit longs, 4294967295UL + 1 wraps to 0
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "bits_ulong_wrap_ilp32.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern unsigned long __VERIFIER_nondet_ulong(void);
int main() {
  unsigned long x = __VERIFIER_nondet_ulong();
  if (x == 4294967295UL) {
    x = x + 1;
    __VERIFIER_assert(x == 0);
  }
  return 0;
}
