// expect: yes
// int-semantics: math
// A scaled geometric series (in the style of geo3): x == a*(1 + z + ... + z^(c-1)), y == z^c, so x*(z - 1) == a*(y - 1).
int main(void) {
    int z = __VERIFIER_nondet_int();
    int a = __VERIFIER_nondet_int();
    int k = __VERIFIER_nondet_int();
    __VERIFIER_assume(k >= 0);
    int x = 0, y = 1, c = 0;
    while (c < k) {
        c = c + 1;
        x = x * z + a;
        y = y * z;
    }
    __VERIFIER_assert(x * z - x == a * y - a);
    return 0;
}
