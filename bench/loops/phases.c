// expect: yes
// Two phases: y stays 50 until x passes 50, then follows x (a disjunctive invariant).
int main(void) {
    int x = 0, y = 50;
    while (x < 100) {
        x = x + 1;
        if (x > 50) {
            y = y + 1;
        }
    }
    __VERIFIER_assert(y == 100);
    return 0;
}
