// expect: yes
// Fibonacci-style growth keeps both values positive (and below the bound by the guard).
int main(void) {
    int a = 1, b = 1;
    while (b < 1000000) {
        int t = a + b;
        a = b;
        b = t;
    }
    __VERIFIER_assert(a >= 1 && b >= a);
    return 0;
}
