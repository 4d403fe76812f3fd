// expect: prove=yes
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assert(int);
const int K = 7;
int main(void) {
  volatile int v = 3;
  const unsigned short w = 9;
  int const z = K + w;
  __VERIFIER_assert(z == 16 && v == 3);
  return 0;
}
