// expect: yes
// semantics: math
int main(void) {
    int n = __VERIFIER_nondet_int();
    int i = 0;
    while (i < n) {
        int j = n;
        while (j > i) {
            j = j - 1;
        }
        i = i + 1;
    }
    return 0;
}
