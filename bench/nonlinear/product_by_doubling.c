// expect: yes
// int-semantics: math
// Russian peasant multiplication (in the style of prodbin): z + x*y == a*b throughout.
int main(void) {
    int a = __VERIFIER_nondet_int();
    int b = __VERIFIER_nondet_int();
    __VERIFIER_assume(b >= 0);
    int x = a, y = b, z = 0;
    while (y != 0) {
        if (y % 2 == 1) {
            z = z + x;
            y = y - 1;
        } else {
            x = 2 * x;
            y = y / 2;
        }
    }
    __VERIFIER_assert(z == a * b);
    return 0;
}
