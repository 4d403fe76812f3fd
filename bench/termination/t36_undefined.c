// expect: unknown
extern int oracle(int);
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x > 0) {
        x = oracle(x);
    }
    return 0;
}
