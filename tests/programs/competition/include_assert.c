// expect: prove=no
#include <stdio.h>
#include <stdlib.h>
#include <assert.h>
#include <limits.h>

extern int __VERIFIER_nondet_int(void);

int main(void) {
  int a = __VERIFIER_nondet_int();
  if (a > INT_MAX - 5) {
    return 0;
  }
  a = a + 5;
  assert(a != 12);
  return 0;
}
