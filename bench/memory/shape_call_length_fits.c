// expect: assert=yes overflow=yes bounds=yes
// why: every count main passes is at most the array's five elements, and sum reads only that many
extern int __VERIFIER_nondet_int(void);
int sum(int *p, int n) {
  int s = 0;
  int i;
  for (i = 0; i < n; i++) {
    s += p[i];
  }
  return s;
}
int main(void) {
  int a[5] = {1, 2, 3, 4, 5};
  int m = __VERIFIER_nondet_int();
  if (m < 0 || m > 5) {
    return 0;
  }
  return sum(a, m) < 0;
}
