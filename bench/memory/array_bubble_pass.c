// expect: assert=yes overflow=yes bounds=yes
// why: one bubble pass over j = 0..n-2 carries the largest element to a[n-1]; n in 1..7
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_bubble_pass.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[7];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 1 && n <= 7);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int j;
  for (j = 0; j + 1 < n; j++) {
    if (a[j] > a[j + 1]) {
      int t = a[j];
      a[j] = a[j + 1];
      a[j + 1] = t;
    }
  }
  for (i = 0; i < n; i++) {
    __VERIFIER_assert(a[i] <= a[n - 1]);
  }
  return 0;
}
