// category: ReachSafety-Arrays
// expect: prove=yes
// why: 3 x 4 cells of 1 sum to 12
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "arr_2d_sum.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int m[3][4];
int main() {
  int i, j, sum = 0;
  for (i = 0; i < 3; i++)
    for (j = 0; j < 4; j++)
      m[i][j] = 1;
  for (i = 0; i < 3; i++)
    for (j = 0; j < 4; j++)
      sum += m[i][j];
  __VERIFIER_assert(sum == 12);
  return 0;
}
