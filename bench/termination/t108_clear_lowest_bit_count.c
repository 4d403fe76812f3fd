// expect: yes
// why: x & (x - 1) clears the lowest set bit; an unsigned has at most 32
extern unsigned int __VERIFIER_nondet_uint(void);
int main(void) {
    unsigned int x = __VERIFIER_nondet_uint();
    unsigned int bits = 0;
    while (x != 0) {
        x = x & (x - 1);
        bits = bits + 1;
    }
    return (int)bits;
}
