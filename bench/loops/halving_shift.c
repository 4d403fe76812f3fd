// expect: yes
// Halving by a right shift: the count stays within the type.
int main(void) {
    unsigned int x = __VERIFIER_nondet_uint();
    int steps = 0;
    while (x > 0) {
        x = x >> 1;
        steps++;
    }
    __VERIFIER_assert(steps <= 32);
    return 0;
}
