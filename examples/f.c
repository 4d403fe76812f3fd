// The seed article's f: is x + y == y + x for every pair of 32-bit unsigned ints?
// Testing all 2^64 pairs would take over a thousand years; reasoning takes milliseconds.
// expect: yes (unsigned addition wraps, and is commutative all the same)
#include <assert.h>

void f(unsigned x, unsigned y) {
    assert(x + y == y + x);
}
