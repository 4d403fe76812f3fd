#include <stdlib.h>
#include <stdio.h>
static unsigned long long st;
static long long rnd(void) { st = st * 6364136223846793005ULL + 1442695040888963407ULL; return (long long)(st >> 33); }
long long f(long long, long long, long long, long long);
int main(int argc, char **argv) {
    int n = atoi(argv[1]);
    for (int s = 0; s < n; s++) { st = s * 7919ULL + 1; long long a = rnd()%401-200, b = rnd()%401-200, c = rnd()%401-200, d = rnd()%21-10; f(a,b,c,d); }
    printf("ok %d\n", n);
    return 0;
}
