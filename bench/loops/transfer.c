// expect: yes
// Moving x into y one unit at a time keeps x + y constant.
int main(void) {
    int n = __VERIFIER_nondet_int();
    __VERIFIER_assume(n >= 0 && n <= 1000000);
    int x = n, y = 0;
    while (x > 0) {
        x--;
        y++;
    }
    __VERIFIER_assert(y == n);
    return 0;
}
