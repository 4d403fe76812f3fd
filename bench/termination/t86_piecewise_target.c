// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x != 50) {
        if (x < 50) x = x + 1;
        else x = x - 1;
    }
    return 0;
}
