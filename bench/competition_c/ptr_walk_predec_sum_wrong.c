// category: ReachSafety-Arrays
// expect: prove=no
// why: walking down with *--p sums all five cells, 15, which the assertion excludes
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "ptr_walk_predec_sum_wrong.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main() {
  int a[5] = {1, 2, 3, 4, 5};
  int *p = a + 5;
  int s = 0;
  do {
    s += *--p;
  } while (p != a);
  __VERIFIER_assert(s < 15);
  return 0;
}
