// expect: yes
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    while (x >= 0) {
        if (y > 0) {
            x = x + 1;
            y = y - 2;
        } else {
            x = x - 1;
        }
    }
    return 0;
}
