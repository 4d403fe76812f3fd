// expect: bounds=no
// witness: 4
// fails: bounds at line 12
// why: end = a + n is one past the last element and is dereferenced
extern void __VERIFIER_assume(int cond);
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[4] = {1, 2, 3, 4};
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 1 && n <= 4);
  int *end = a + n;
  return *end; // <- fails
}
