// expect: no
// why: x = 1 climbs by 3 and drops by 30 past 30: it stays 1 modulo 3 and never reaches a multiple of 3
extern int __VERIFIER_nondet_int(void);
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x % 3 != 0) {
        x = x + 3;
        if (x > 30) x = x - 30;
    }
    return 0;
}
