// expect: bounds=no
// witness: none
// fails: bounds at line 9
// why: main passes a pointer to the second of four ints and a count of 4, so fill writes one element past the array
extern int __VERIFIER_nondet_int(void);
void fill(int *p, int n) {
  int i;
  for (i = 0; i < n; i++) {
    p[i] = i; // <- fails
  }
}
int main(void) {
  int a[4];
  int *start = a + 1;
  fill(start, 4);
  return a[0];
}
