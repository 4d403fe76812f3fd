// expect: yes
// int-semantics: math
// Geometric series (in the style of geo1): x == 1 + z + ... + z^(c-1), y == z^c, so x*(z - 1) == y - 1.
int main(void) {
    int z = __VERIFIER_nondet_int();
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 1);
    int x = 1, y = z, c = 1;
    while (c < k) {
        x = x * z + 1;
        y = y * z;
        c = c + 1;
    }
    __VERIFIER_assert(x * z - x - y + 1 == 0);
    return 0;
}
