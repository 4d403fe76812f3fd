// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    while (x > 0) {
        x = x + y - 5;
        y = y - 2;
    }
    return 0;
}
