// expect: prove=yes
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int x = __VERIFIER_nondet_int();
  if (x > 0 && x < 46340) {
    int y = x * x;
    return y > 0;
  }
  return 0;
}
