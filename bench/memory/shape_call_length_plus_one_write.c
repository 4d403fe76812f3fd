// expect: bounds=no
// witness: 5
// fails: bounds at line 9
// why: main passes fill a count one more than the array holds whenever the input is 5, and fill writes that many
extern int __VERIFIER_nondet_int(void);
void fill(int *p, int n) {
  int i;
  for (i = 0; i < n; i++) {
    p[i] = i; // <- fails
  }
}
int main(void) {
  int a[5];
  int m = __VERIFIER_nondet_int();
  if (m < 0 || m > 5) {
    return 0;
  }
  fill(a, m + (m == 5));
  return a[0];
}
