// A real bug: an off-by-one loop bound.
// expect: no for the assertion (the loop runs n + 1 times, so count == n + 1)
#include <assert.h>

void count_up(int n) {
    __VERIFIER_assume(n >= 0 && n < 1000);
    int count = 0;
    for (int i = 0; i <= n; i++) {
        count++;
    }
    assert(count == n);
}
