// category: ReachSafety-Arrays
// expect: prove=no
// why: when every cell is equal the maximum is not above a[0]
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_max_strict_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
#define SIZE 8
int main() {
  int a[SIZE];
  for (int i = 0; i < SIZE; i++)
    a[i] = __VERIFIER_nondet_int();
  int max = a[0];
  for (int i = 1; i < SIZE; i++) {
    if (a[i] > max)
      max = a[i];
  }
  __VERIFIER_assert(max > a[0]);
  return 0;
}
