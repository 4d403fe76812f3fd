// expect: yes
// semantics: math
int main(void) {
    int k = __VERIFIER_nondet_int();
    int i;
    while (k > 0) {
        i = k;
        while (i > 0) {
            i = i - 1;
        }
        k = k - 1;
    }
    return 0;
}
