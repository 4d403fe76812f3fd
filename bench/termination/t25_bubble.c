// expect: yes
int main(void) {
    int n = __VERIFIER_nondet_int();
    int swaps = 0;
    for (int i = n - 1; i > 0; i--) {
        for (int j = 0; j < i; j++) {
            if (__VERIFIER_nondet_int()) swaps++;
        }
    }
    return swaps;
}
