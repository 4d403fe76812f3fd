// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y;
    while (x > 0) {
        y = 10;
        while (y > 0 && x > 0) {
            y = y - 1;
            x = x - 1;
        }
    }
    return 0;
}
