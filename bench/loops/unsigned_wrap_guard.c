// expect: yes
// Unsigned arithmetic wraps, but the loop guard keeps the sum below the limit.
int main(void) {
    unsigned int limit = __VERIFIER_nondet_uint();
    __VERIFIER_assume(limit <= 100000u);
    unsigned int s = 0;
    while (s + 3u <= limit) {
        s = s + 3u;
    }
    __VERIFIER_assert(s <= limit);
    return 0;
}
