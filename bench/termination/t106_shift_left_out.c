// expect: yes
// why: each round shifts one more bit out of the top; after 32 rounds x is 0
extern unsigned int __VERIFIER_nondet_uint(void);
int main(void) {
    unsigned int x = __VERIFIER_nondet_uint();
    while (x != 0) {
        x = x << 1;
    }
    return 0;
}
