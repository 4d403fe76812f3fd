// expect: assert=no
// witness: 1 2
// fails: assert at line 29
// why: the inner loop stops at j < 2, so dst[1][2] keeps its initial 0 while src[1][2] is 9
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "matrix_copy_rows_short.c", 3, "reach_error"); }
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int src[2][3] = {{3, 1, 4}, {1, 5, 9}};
int dst[2][3];
int main(void) {
  int i;
  int j;
  for (i = 0; i < 2; i++) {
    for (j = 0; j < 2; j++) {
      dst[i][j] = src[i][j];
    }
  }
  int r = __VERIFIER_nondet_int();
  int c = __VERIFIER_nondet_int();
  __VERIFIER_assume(r >= 0 && r < 2 && c >= 0 && c < 3);
  __VERIFIER_assert(dst[r][c] == src[r][c]); // <- fails
  return 0;
}
