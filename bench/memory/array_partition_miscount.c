// expect: assert=no
// witness: 1 0
// fails: assert at line 34
// why: zero goes to the non-negative side, so claiming np counts the positive elements fails on a 0
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_partition_miscount.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[6];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 6);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int np = 0;
  int positive = 0;
  for (i = 0; i < n; i++) {
    if (a[i] >= 0) {
      np++;
    }
    if (a[i] > 0) {
      positive++;
    }
  }
  __VERIFIER_assert(np == positive); // <- fails
  return 0;
}
