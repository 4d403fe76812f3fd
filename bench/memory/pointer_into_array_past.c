// expect: bounds=no
// witness: 9
// fails: bounds at line 9
// why: p = &a[2] in int a[4], so p[2] is a[4], one past the end
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[4] = {0, 0, 0, 0};
  int *p = &a[2];
  p[2] = __VERIFIER_nondet_int(); // <- fails
  return a[0];
}
