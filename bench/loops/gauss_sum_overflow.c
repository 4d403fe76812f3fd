// expect: no
// Without a bound on n the running sum overflows int (n = 70000 is enough).
int main(void) {
    int n = __VERIFIER_nondet_int();
    int i = 0, s = 0;
    while (i < n) {
        s = s + i;
        i = i + 1;
    }
    return s;
}
