// expect: yes
// why: doubling an unsigned shifts a 0 into the low bit each round: within 32 rounds x is 0 <= 10
extern unsigned int __VERIFIER_nondet_uint(void);
int main(void) {
    unsigned int x = __VERIFIER_nondet_uint();
    while (x > 10) {
        x = 2 * x;
    }
    return 0;
}
