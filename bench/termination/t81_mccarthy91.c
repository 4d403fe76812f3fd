// expect: yes
// semantics: math
int f91(int n) {
    if (n > 100) return n - 10;
    return f91(f91(n + 11));
}
int main(void) {
    return f91(__VERIFIER_nondet_int());
}
