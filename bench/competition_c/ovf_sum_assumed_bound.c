// category: NoOverflows
// expect: prove=yes
// checks: overflow
// why: n <= 1000 keeps the sum below 500000; unsigned h wraps by definition
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
int main() {
  int n = __VERIFIER_nondet_int();
  __VERIFIER_assume(n >= 0 && n <= 1000);
  int s = 0;
  unsigned int h = 0;
  for (int i = 0; i < n; i++) {
    s += i;
    h = h * 31u + (unsigned int)i;
  }
  return s + (int)(h & 7u);
}
