// expect: yes
// semantics: math
int count(int n) {
    if (n <= 0) return 0;
    return count(n - 1) + 1;
}
int main(void) {
    return count(__VERIFIER_nondet_int());
}
