// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x != 0) {
        if (x > 0) x = 1 - x;
        else x = -1 - x;
    }
    return 0;
}
