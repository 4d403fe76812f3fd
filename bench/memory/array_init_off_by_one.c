// expect: bounds=no
// witness: none
// fails: bounds at line 10
// why: the loop runs i = 0..8 and writes a[8] of int a[8] on every run
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a[8];
  int i;
  for (i = 0; i <= 8; i++) {
    a[i] = __VERIFIER_nondet_int(); // <- fails
  }
  return a[0];
}
