// expect: prove=yes
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_error(void);
int main() {
  int s = 0, k = __VERIFIER_nondet_int(), r = 0;
  switch (k) {
    case 0: r = 1; break;
    case 1:
    case 2: r = 2; break;
    default: r = 3;
  }
  if (r < 1 || r > 3) { ERROR: __VERIFIER_error(); }
  return s;
}
