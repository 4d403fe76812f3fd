// expect: assert=yes overflow=yes bounds=yes
// why: swaps pair i with n-1-i for i < n/2 (both in 0..n-1, n in 0..8); reversing twice restores the copy
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_reverse_twice.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
void reverse(int *a, int n) {
  int i;
  for (i = 0; i < n / 2; i++) {
    int t = a[i];
    a[i] = a[n - 1 - i];
    a[n - 1 - i] = t;
  }
}
int main(void) {
  int a[8];
  int b[8];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 8);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
    b[i] = a[i];
  }
  reverse(a, n);
  reverse(a, n);
  for (i = 0; i < n; i++) {
    __VERIFIER_assert(a[i] == b[i]);
  }
  return 0;
}
