// expect: yes
// semantics: math
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x > 10) {
        x = x - x / 3;
    }
    return 0;
}
