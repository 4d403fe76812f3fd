// expect: no
// semantics: math
int down2(int n) {
    if (n == 0) return 0;
    return down2(n - 2);
}
int main(void) {
    return down2(__VERIFIER_nondet_int());
}
