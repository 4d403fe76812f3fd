// expect: yes
// semantics: math
int f(int i, int n, int k) {
    __VERIFIER_assume(k > 0);
    while (i < n) {
        i = i + k;
    }
    return i;
}
