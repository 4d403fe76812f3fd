// expect: yes
// semantics: math
// why: i <= i * i < n while the loop runs, so n - i is positive and falls by one a round
extern int __VERIFIER_nondet_int(void);
int main(void) {
    int i = __VERIFIER_nondet_int(), n = __VERIFIER_nondet_int();
    while (i * i < n) {
        i = i + 1;
    }
    return 0;
}
