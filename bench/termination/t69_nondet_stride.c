// expect: yes
// semantics: math
int main(void) {
    int i = __VERIFIER_nondet_int();
    int n = __VERIFIER_nondet_int();
    while (i < n) {
        if (__VERIFIER_nondet_int()) i = i + 1;
        else i = i + 2;
    }
    return 0;
}
