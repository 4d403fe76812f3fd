// expect: prove=no
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int n = __VERIFIER_nondet_int();
  if (n >= 0 && n <= 40) return 1 << n;
  return 0;
}
