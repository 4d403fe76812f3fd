// expect: assert=yes overflow=yes bounds=yes
// why: pos only takes values of i in 0..n-1 with n in 1..8, and a[pos] is the least element seen
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_min_index.c", 3, "reach_error"); }
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
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n > 0 && n <= 8);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  int pos = 0;
  for (i = 1; i < n; i++) {
    if (a[i] < a[pos]) {
      pos = i;
    }
  }
  __VERIFIER_assert(a[pos] <= a[0]);
  __VERIFIER_assert(a[pos] <= a[n - 1]);
  return 0;
}
