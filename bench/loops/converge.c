// expect: yes
// x and y approach each other; x never passes y.
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    __VERIFIER_assume(x <= y);
    while (x < y) {
        if (__VERIFIER_nondet_int()) {
            x = x + 1;
        } else {
            y = y - 1;
        }
    }
    __VERIFIER_assert(x == y);
    return 0;
}
