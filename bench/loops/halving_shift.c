// expect: yes
// Dividing by 16 with a right shift until the value is a single hex digit.
int main(void) {
    unsigned int x = __VERIFIER_nondet_uint();
    unsigned int digits = 1;
    while (x >= 16) {
        x = x >> 4;
        digits = digits + 1;
    }
    __VERIFIER_assert(x < 16);
    return 0;
}
