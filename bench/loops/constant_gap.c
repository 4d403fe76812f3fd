// expect: yes
// Both variables move together, so their difference stays 5.
int main(void) {
    int a = __VERIFIER_nondet_int();
    __VERIFIER_assume(a >= -1000 && a <= 1000);
    int x = a, y = a + 5;
    while (x < 100) {
        x++;
        y++;
    }
    __VERIFIER_assert(y - x == 5);
    return 0;
}
