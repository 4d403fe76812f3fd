// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    while (x > 0) {
        x = x + y;
        if (__VERIFIER_nondet_int()) y = y - 1;
        else y = y - 2;
    }
    return 0;
}
