// category: NoOverflows
// expect: prove=no
// checks: overflow
// why: 0 + 1 + ... + 65536 passes 2^31 - 1
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
int main() {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 100000);
  int s = 0;
  for (int i = 0; i < n; i++) {
    s += i;
  }
  return s;
}
