// expect: yes
// int-semantics: math
// Multiplication on four branches by the parities of x and y (in the style of prod4br): q + p*x*y == a*b throughout.
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    __VERIFIER_assume(a >= 1 && b >= 1);
    int x = a, y = b, p = 1, q = 0;
    while (x > 0 && y > 0) {
        if (x % 2 == 0 && y % 2 == 0) {
            x = x / 2;
            y = y / 2;
            p = 4 * p;
        } else if (x % 2 == 1 && y % 2 == 0) {
            x = x - 1;
            q = q + y * p;
        } else if (x % 2 == 0 && y % 2 == 1) {
            y = y - 1;
            q = q + x * p;
        } else {
            x = x - 1;
            y = y - 1;
            q = q + (x + y + 1) * p;
        }
    }
    __VERIFIER_assert(q == a * b);
    return 0;
}
