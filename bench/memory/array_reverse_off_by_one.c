// expect: bounds=no
// witness: 8 1 2 3 4 5 6 7 8
// fails: bounds at line 17
// why: a[n - i] for i = 0 reads a[n], one past the n elements (n = 8 fills the array)
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[8];
  int b[8];
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 1 && n <= 8);
  int i;
  for (i = 0; i < n; i++) {
    a[i] = __VERIFIER_nondet_int();
  }
  for (i = 0; i < n; i++) {
    b[i] = a[n - i]; // <- fails
  }
  return b[0];
}
