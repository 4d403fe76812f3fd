// expect: prove=no
#include <assert.h>
#include <stdlib.h>
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int a = __VERIFIER_nondet_int();
  int b = a;
  if (a > 100) b = a - 1;
  assert(a == b || a <= 100);
  assert(b >= -5 || a < 0);
  return 0;
}
