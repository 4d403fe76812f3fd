// category: ReachSafety-Loops
// expect: prove=yes
// why: swap through the globals' addresses exchanges lo and hi whenever lo > hi, so lo <= hi after it
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "glob_addr_swap.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int lo, hi;
void swap(int *a, int *b) {
  int t = *a;
  *a = *b;
  *b = t;
}
int main() {
  lo = __VERIFIER_nondet_int();
  hi = __VERIFIER_nondet_int();
  if (lo > 1000 || hi > 1000 || lo < -1000 || hi < -1000)
    return 0;
  int sum = lo + hi;
  if (lo > hi)
    swap(&lo, &hi);
  __VERIFIER_assert(lo <= hi);
  __VERIFIER_assert(lo + hi == sum);
  return 0;
}
