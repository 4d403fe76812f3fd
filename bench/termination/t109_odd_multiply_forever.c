// expect: no
// why: an odd number times 3 stays odd (mod 2^32), so it is never 0
extern unsigned int __VERIFIER_nondet_uint(void);
int main(void) {
    unsigned int x = __VERIFIER_nondet_uint();
    while (x != 0) {
        x = 3 * x;
    }
    return 0;
}
