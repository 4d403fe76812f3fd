// expect: yes
int down(int n) {
    if (n <= 0) return 0;
    return down(n - 1);
}
int main(void) {
    return down(__VERIFIER_nondet_int());
}
