// expect: prove=no
extern unsigned int __VERIFIER_nondet_uint(void);
extern void __VERIFIER_assert(int);
int main(void) {
  unsigned int a = __VERIFIER_nondet_uint(), b = __VERIFIER_nondet_uint();
  unsigned int d = a - b;
  __VERIFIER_assert(d <= a);
  return 0;
}
