// expect: bounds=no
// witness: -1
// fails: bounds at line 11
// why: v % 5 is negative for negative v, so hist[-1] is written when v = -1
extern int __VERIFIER_nondet_int(void);
int hist[5];
int main(void) {
  int k;
  for (k = 0; k < 3; k++) {
    int v = __VERIFIER_nondet_int();
    hist[v % 5]++; // <- fails
  }
  return hist[0];
}
