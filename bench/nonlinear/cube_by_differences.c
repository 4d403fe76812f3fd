// expect: yes
// int-semantics: math
// Cubes by finite differences (in the style of cohencu): x == n^3, y == 3n^2 + 3n + 1, z == 6n + 6.
int main(void) {
    int a = __VERIFIER_nondet_int();
    __VERIFIER_assume(a >= 0);
    int n = 0, x = 0, y = 1, z = 6;
    while (n <= a) {
        n = n + 1;
        x = x + y;
        y = y + z;
        z = z + 6;
    }
    __VERIFIER_assert(x == n * n * n);
    __VERIFIER_assert(y == 3 * n * n + 3 * n + 1);
    return 0;
}
