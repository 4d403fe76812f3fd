// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    int y = __VERIFIER_nondet_int();
    while (x != y) {
        if (x > y) y = y + 1;
        else x = x + 1;
    }
    return 0;
}
