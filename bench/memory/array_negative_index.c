// expect: bounds=no
// witness: -1
// fails: bounds at line 10
// why: only the upper bound of i is tested: i = -1 writes before int a[10]
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[10];
  int i = __VERIFIER_nondet_int();
  if (i < 10) {
    a[i] = 1; // <- fails
  }
  return 0;
}
