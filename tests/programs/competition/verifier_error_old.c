// expect: prove=no
extern void __VERIFIER_error(void);
extern int __VERIFIER_nondet_int(void);

int main() {
  int n = __VERIFIER_nondet_int();
  int k = 0;
  if (n > 0 && n < 20) {
    while (k < n) {
      k = k + 3;
    }
    if (k != n) {
    ERROR: __VERIFIER_error();
    }
  }
  return 0;
}
