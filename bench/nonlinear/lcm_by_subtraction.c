// expect: yes
// int-semantics: math
// gcd and lcm together by subtraction (in the style of lcm1): x*u + y*v == a*b throughout.
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    __VERIFIER_assume(a >= 1 && b >= 1);
    int x = a, y = b, u = b, v = 0;
    while (x != y) {
        if (x > y) {
            x = x - y;
            v = v + u;
        } else {
            y = y - x;
            u = u + v;
        }
    }
    __VERIFIER_assert(x * u + y * v == a * b);
    return 0;
}
