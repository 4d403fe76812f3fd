// category: ReachSafety-Arrays
// expect: prove=yes
// why: a[k] = 3k + 1 is strictly increasing, so every earlier cell is below every later one
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_nested_sorted_init.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define N 40
int a[N];
int main() {
  for (int i = 0; i < N; i++)
    a[i] = 3 * i + 1;
  int n = __VERIFIER_nondet_int();
  if (n < 0 || n > N)
    return 0;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < i; j++) {
      __VERIFIER_assert(a[j] < a[i]);
    }
  }
  return 0;
}
