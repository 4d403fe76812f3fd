// expect: assert=yes overflow=yes bounds=yes
// why: i runs 0..n-2 so a[i + 1] is at most a[n - 1]; n in 1..8
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "array_shift_left.c", 3, "reach_error"); }
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
  int b[8];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 1 && n <= 8);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
    b[i] = a[i];
  }
  for (i = 0; i < n - 1; i++) {
    a[i] = a[i + 1];
  }
  for (i = 0; i + 1 < n; i++) {
    __VERIFIER_assert(a[i] == b[i + 1]);
  }
  return 0;
}
