// category: MemSafety
// expect: prove=yes
// checks: bounds,null,free,use-after-free,leak
// why: n cells are allocated, checked, written below n and freed
#include <stdlib.h>
extern int __VERIFIER_nondet_int(void);
int main() {
  int n = __VERIFIER_nondet_int();
  if (n < 1 || n > 100)
    return 0;
  int *a = (int *)malloc(n * sizeof(int));
  if (a == 0)
    return 0;
  for (int i = 0; i < n; i++)
    a[i] = i;
  free(a);
  return 0;
}
