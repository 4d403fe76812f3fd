// expect: no
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x > 0) {
        if (__VERIFIER_nondet_int()) {
            x = x - 1;
        } else {
            x = x + 1;
        }
    }
    return 0;
}
