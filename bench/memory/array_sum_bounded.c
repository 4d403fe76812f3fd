// expect: assert=yes overflow=yes bounds=yes
// why: each of 8 elements is assumed in 0..100, so the running sum stays in 0..800
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_sum_bounded.c", 3, "reach_error"); }
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
    __VERIFIER_assume(a[i] >= 0 && a[i] <= 100);
  }
  int sum = 0;
  for (i = 0; i < 8; i++) {
    sum = sum + a[i];
  }
  __VERIFIER_assert(sum >= 0 && sum <= 800);
  return 0;
}
