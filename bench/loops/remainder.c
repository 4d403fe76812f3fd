// expect: yes
// Repeated subtraction leaves a remainder below the divisor; x - d cannot overflow.
int main(void) {
    int x = __VERIFIER_nondet_int();
    int d = __VERIFIER_nondet_int();
    __VERIFIER_assume(x >= 0 && d > 0);
    while (x >= d) {
        x = x - d;
    }
    __VERIFIER_assert(x >= 0 && x < d);
    return 0;
}
