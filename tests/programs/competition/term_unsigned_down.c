// expect: terminates=yes
extern unsigned int __VERIFIER_nondet_uint(void);

int main() {
    unsigned int x = __VERIFIER_nondet_uint();
    unsigned int step = __VERIFIER_nondet_uint();
    if (step == 0) return 0;
    while (x >= step) {
        x = x - step;
    }
    return 0;
}
