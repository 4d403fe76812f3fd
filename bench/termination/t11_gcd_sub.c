// expect: yes
int gcd(int a, int b) {
    __VERIFIER_assume(a > 0 && b > 0);
    while (a != b) {
        if (a > b) {
            a = a - b;
        } else {
            b = b - a;
        }
    }
    return a;
}
