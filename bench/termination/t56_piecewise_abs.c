// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x != 0) {
        if (x > 0) x = x - 1;
        else x = x + 1;
    }
    return 0;
}
