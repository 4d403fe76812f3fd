#include <stdlib.h>
#include <stdio.h>
static unsigned long long st;
static long long rnd(void) { st = st * 6364136223846793005ULL + 1442695040888963407ULL; return (long long)(st >> 33); }
long long __VERIFIER_nondet_int(void) {
    long long r = rnd();
    switch (r % 4) { case 0: return r % 5 - 2; case 1: return r % 41 - 20; case 2: return r % 401 - 200; default: return r % 3 - 1; }
}
long long task_main(void);
int main(int argc, char **argv) {
    int n = atoi(argv[1]);
    for (int s = 0; s < n; s++) { st = s * 7919ULL + 1; rnd(); task_main(); }
    printf("ok %d\n", n);
    return 0;
}
