// expect: no
int main(void) {
    int n = __VERIFIER_nondet_int();
    int i = 0;
    int j;
    while (i < n) {
        j = 0;
        while (j < n) {
            j++;
        }
    }
    return 0;
}
