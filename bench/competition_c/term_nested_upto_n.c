// category: Termination
// expect: terminates=yes
// why: the inner loop climbs j from i to n, the outer climbs i to n
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  int i = 0;
  while (i < n) {
    int j = i;
    while (j < n)
      j++;
    i++;
  }
  return 0;
}
