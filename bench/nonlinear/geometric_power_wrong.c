// expect: no
// int-semantics: math
// Geometric series with the closed form off by one power (fails for z == 2, k == 1: x == 3, y == 2).
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
    __VERIFIER_assert(x * z - x == y - 1);
    return 0;
}
