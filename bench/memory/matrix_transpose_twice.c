// expect: assert=yes overflow=yes bounds=yes
// why: i, j in 0..2 on int m[3][3]; transposing twice gives back the copy
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "matrix_transpose_twice.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
extern int __VERIFIER_nondet_int(void);
void transpose(int m[3][3]) {
  int i;
  int j;
  for (i = 0; i < 3; i++) {
    for (j = i + 1; j < 3; j++) {
      int t = m[i][j];
      m[i][j] = m[j][i];
      m[j][i] = t;
    }
  }
}
int main(void) {
  int m[3][3];
  int c[3][3];
  int i;
  int j;
  for (i = 0; i < 3; i++) {
    for (j = 0; j < 3; j++) {
      m[i][j] = __VERIFIER_nondet_int();
      c[i][j] = m[i][j];
    }
  }
  transpose(m);
  transpose(m);
  for (i = 0; i < 3; i++) {
    for (j = 0; j < 3; j++) {
      __VERIFIER_assert(m[i][j] == c[i][j]);
    }
  }
  return 0;
}
