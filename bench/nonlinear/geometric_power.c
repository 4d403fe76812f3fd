// expect: yes
// int-semantics: math
// Geometric series counted from one (in the style of geo2): x == 1 + z + ... + z^c, y == z^c, so x*(z - 1) == y*z - 1.
int main(void) {
    int z = __VERIFIER_nondet_int();
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0);
    int x = 1, y = 1, c = 0;
    while (c < k) {
        c = c + 1;
        x = x * z + 1;
        y = y * z;
    }
    __VERIFIER_assert(x * z - x == y * z - 1);
    return 0;
}
