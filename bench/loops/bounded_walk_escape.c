// expect: no
// The walk is clamped above but not below, so x can reach -3.
int main(void) {
    int x = 0;
    int steps = __VERIFIER_nondet_int();
    __VERIFIER_assume(steps >= 0 && steps <= 1000000);
    while (steps > 0) {
        if (__VERIFIER_nondet_int()) {
            if (x < 100) x++;
        } else {
            x--;
        }
        steps--;
    }
    __VERIFIER_assert(x > -3);
    return 0;
}
