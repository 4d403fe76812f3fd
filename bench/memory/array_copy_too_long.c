// expect: bounds=no
// witness: 5 1 2 3 4 5
// fails: bounds at line 17
// why: n may be up to 8 but dst has 4 elements: n = 5 writes dst[4]
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int src[8];
  int dst[4];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 8);
  int i;
  for (i = 0; i < n; i++) {
    src[i] = __VERIFIER_nondet_int();
  }
  for (i = 0; i < n; i++) {
    dst[i] = src[i]; // <- fails
  }
  return dst[0];
}
