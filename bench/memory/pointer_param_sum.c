// expect: assert=yes overflow=yes bounds=yes null=yes
// why: sum reads p[0..n-1] of a 6-element array with n = 6; elements assumed in -100..100 keep the sum small
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "pointer_param_sum.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int sum(int *p, int n) {
  int s = 0;
  int i;
  for (i = 0; i < n; i++) {
    s += p[i];
  }
  return s;
}
int main(void) {
  int a[6];
  int i;
  for (i = 0; i < 6; i++) {
    a[i] = __VERIFIER_nondet_int();
    __VERIFIER_assume(a[i] >= -100 && a[i] <= 100);
  }
  int s = sum(a, 6);
  __VERIFIER_assert(s >= -600 && s <= 600);
  return 0;
}
