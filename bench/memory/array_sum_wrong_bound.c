// expect: assert=no
// witness: 10 10 10 10 10 10 10 10
// fails: assert at line 27
// why: eight elements of up to 10 sum to 80, not below 50
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_sum_wrong_bound.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[8];
  int i;
  for (i = 0; i < 8; i++) {
    a[i] = __VERIFIER_nondet_int();
    __VERIFIER_assume(a[i] >= 0 && a[i] <= 10);
  }
  int sum = 0;
  for (i = 0; i < 8; i++) {
    sum += a[i];
  }
  __VERIFIER_assert(sum < 50); // <- fails
  return 0;
}
