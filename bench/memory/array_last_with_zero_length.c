// expect: bounds=no
// witness: 0
// fails: bounds at line 11
// why: n = 0 is allowed and the last element a[n - 1] is then a[-1]
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[8] = {0};
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 8);
  return a[n - 1]; // <- fails
}
