// category: NoOverflows
// expect: prove=yes
// checks: overflow
// why: |x|, |y| < 46341: the product is below 2^31
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
int main() {
  int x = __VERIFIER_nondet_int();
  int y = __VERIFIER_nondet_int();
  __VERIFIER_assume(x > -46341 && x < 46341);
  __VERIFIER_assume(y > -46340 && y < 46340);
  int p = x * y;
  return p > 0;
}
