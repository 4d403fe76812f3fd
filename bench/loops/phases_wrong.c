// expect: no
// The two-phase loop ends with y == 100, not 99.
int main(void) {
    int x = 0, y = 50;
    while (x < 100) {
        x = x + 1;
        if (x > 50) {
            y = y + 1;
        }
    }
    __VERIFIER_assert(y == 99);
    return 0;
}
