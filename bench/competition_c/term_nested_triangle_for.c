// category: Termination
// expect: terminates=yes
// why: the inner loop is bounded by i, the outer by n
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  int c = 0;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < i; j++) {
      c = c + 1 - 1;
    }
  }
  return c;
}
