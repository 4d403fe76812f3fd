// expect: yes
// int-semantics: math
// Cubes by finite differences with the literature's checks inside the loop (cohencu's
// quadratic ones: y*z - 18*x - 12*y + 2*z - 6 == 0 and z*z - 12*y - 6*z + 12 == 0).
int main(void) {
    int a = __VERIFIER_nondet_int();
    __VERIFIER_assume(a >= 0);
    int n = 0, x = 0, y = 1, z = 6;
    while (n <= a) {
        __VERIFIER_assert(z == 6 * n + 6);
        __VERIFIER_assert(y * z - 18 * x - 12 * y + 2 * z - 6 == 0);
        __VERIFIER_assert(z * z - 12 * y - 6 * z + 12 == 0);
        n = n + 1;
        x = x + y;
        y = y + z;
        z = z + 6;
    }
    __VERIFIER_assert(6 * a * x - x * z + 12 * x == 0);
    return 0;
}
