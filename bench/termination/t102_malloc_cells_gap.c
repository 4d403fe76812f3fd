// expect: yes
// why: *x - *y shrinks by one each round (*x falls, *y stays) until *x <= *y
#include <stdlib.h>
extern int __VERIFIER_nondet_int(void);
int main(void) {
  int *x = malloc(sizeof(int));
  int *y = malloc(sizeof(int));
  if (x == 0 || y == 0) { free(x); free(y); return 0; }
  *x = __VERIFIER_nondet_int();
  *y = __VERIFIER_nondet_int();
  while (*x > *y) { *x = *x - 1; }
  free(x);
  free(y);
  return 0;
}
