// expect: yes
int gcd(int a, int b) {
    if (a == b) return a;
    if (a > b) return gcd(a - b, b);
    return gcd(a, b - a);
}
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    if (a < 1 || b < 1) return 0;
    int g = gcd(a, b);
    __VERIFIER_assert(g >= 1);
    return 0;
}
