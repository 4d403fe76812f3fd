// expect: assert=yes overflow=yes bounds=yes
// why: i in 0..2 and j in 0..3 index int m[3][4]; m[i][j] = 4*i + j is at most 11
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "matrix_init_2d.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
int main(void) {
  int m[3][4];
  int i;
  int j;
  for (i = 0; i < 3; i++) {
    for (j = 0; j < 4; j++) {
      m[i][j] = 4 * i + j;
    }
  }
  __VERIFIER_assert(m[0][0] == 0);
  __VERIFIER_assert(m[2][3] == 11);
  __VERIFIER_assert(m[1][2] == 6);
  return 0;
}
