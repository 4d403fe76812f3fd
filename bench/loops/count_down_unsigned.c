// expect: yes
// An unsigned counter goes down to zero and stops there.
int main(void) {
    unsigned int x = __VERIFIER_nondet_uint();
    while (x > 0) {
        x--;
    }
    __VERIFIER_assert(x == 0);
    return 0;
}
