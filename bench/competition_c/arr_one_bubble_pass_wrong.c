// category: ReachSafety-Arrays
// expect: prove=no
// why: one bubble pass moves the maximum to the end but does not sort
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_one_bubble_pass_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define SIZE 4
int a[SIZE];
int main() {
  for (int i = 0; i < SIZE; i++)
    a[i] = __VERIFIER_nondet_int();
  for (int i = 0; i + 1 < SIZE; i++) {
    if (a[i] > a[i + 1]) {
      int t = a[i];
      a[i] = a[i + 1];
      a[i + 1] = t;
    }
  }
  __VERIFIER_assert(a[SIZE - 1] >= a[0]);
  __VERIFIER_assert(a[0] <= a[1]);
  return 0;
}
