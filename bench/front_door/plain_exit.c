// expect: prove=yes
#include <stdlib.h>
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assert(int);
int main(void) {
  int a = __VERIFIER_nondet_int();
  if (a < 0) exit(0);
  if (a > 1000) abort();
  __VERIFIER_assert(a >= 0 && a <= 1000);
  return 0;
}
