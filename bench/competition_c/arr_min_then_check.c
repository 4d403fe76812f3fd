// category: ReachSafety-Arrays
// expect: prove=yes
// why: m is the minimum of all 1000 cells when the last loop compares it with each
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_min_then_check.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define N 1000
int main() {
  int a[N];
  int i;
  int m;
  for (i = 0; i < N; i++)
    a[i] = __VERIFIER_nondet_int();
  m = a[0];
  for (i = 1; i < N; i++)
    if (a[i] < m)
      m = a[i];
  for (i = 0; i < N; i++)
    __VERIFIER_assert(m <= a[i]);
  return 0;
}
