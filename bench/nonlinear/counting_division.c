// expect: yes
// int-semantics: math
// Division by counting down (in the style of mannadiv): q*d + c + rest == n throughout.
int main(void) {
    int n = __VERIFIER_nondet_int();
    int d = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && d >= 1);
    int q = 0, c = 0, rest = n;
    while (rest != 0) {
        if (c + 1 == d) {
            q = q + 1;
            c = 0;
        } else {
            c = c + 1;
        }
        rest = rest - 1;
    }
    __VERIFIER_assert(q * d + c == n);
    return 0;
}
