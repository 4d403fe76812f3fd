// category: ReachSafety-Arrays (VLA)
// expect: prove=yes
// why: a[i] = i for every i < n, read back at the last index
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_vla_fill.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
int main() {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n > 0 && n <= 1000);
  int a[n];
  for (int i = 0; i < n; i++) {
    a[i] = i;
  }
  __VERIFIER_assert(a[n - 1] == n - 1);
  return 0;
}
