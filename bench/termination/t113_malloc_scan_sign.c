// expect: yes
// why: both loops climb i to n; reading the cells does not change i
#include <stdlib.h>
extern int __VERIFIER_nondet_int(void);
int main(void) {
    int n = __VERIFIER_nondet_int();
    if (n < 1 || n > 1000) return 0;
    int *a = malloc(n * sizeof(int));
    if (!a) return 0;
    for (int i = 0; i < n; i++) a[i] = __VERIFIER_nondet_int();
    int k = 0;
    while (k < n && a[k] >= 0) k++;
    free(a);
    return 0;
}
