// expect: yes
// A random walk clamped to [0, 100].
int main(void) {
    int x = 0;
    int steps = __VERIFIER_nondet_int();
    __VERIFIER_assume(steps >= 0 && steps <= 1000000);
    while (steps > 0) {
        if (__VERIFIER_nondet_int()) {
            if (x < 100) x++;
        } else {
            if (x > 0) x--;
        }
        steps--;
    }
    __VERIFIER_assert(x >= 0 && x <= 100);
    return 0;
}
