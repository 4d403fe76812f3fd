// expect: yes
// Cubes by finite differences in 32-bit ints, inputs small enough that nothing overflows.
int main(void) {
    int a = __VERIFIER_nondet_int();
    __VERIFIER_assume(a >= 0 && a <= 100);
    int n = 0, x = 0, y = 1, z = 6;
    while (n < a) {
        n = n + 1;
        x = x + y;
        y = y + z;
        z = z + 6;
    }
    __VERIFIER_assert(x == n * n * n);
    return 0;
}
