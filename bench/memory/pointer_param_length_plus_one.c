// expect: bounds=no
// witness: none
// fails: bounds at line 9
// why: sum is given n + 1 for an array of n = 6 elements and reads p[6]
int sum(int *p, int n) {
  int s = 0;
  int i;
  for (i = 0; i < n; i++) {
    s += p[i]; // <- fails
  }
  return s;
}
int main(void) {
  int a[6] = {1, 2, 3, 4, 5, 6};
  int n = 6;
  return sum(a, n + 1);
}
