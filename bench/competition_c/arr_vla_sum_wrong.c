// category: ReachSafety-Arrays (VLA)
// expect: prove=no
// why: n cells of 1 sum to n, not n - 1
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_vla_sum_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 1 || n > 16)
    return 0;
  int a[n];
  for (int i = 0; i < n; i++)
    a[i] = 1;
  int sum = 0;
  for (int i = 0; i < n; i++)
    sum += a[i];
  __VERIFIER_assert(sum == n - 1);
  return 0;
}
