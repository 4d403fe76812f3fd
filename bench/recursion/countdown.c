// expect: yes
void countdown(int n) {
    if (n > 0) {
        __VERIFIER_assert(n >= 1);
        countdown(n - 1);
    }
}
int main(void) {
    int n = __VERIFIER_nondet_int();
    countdown(n);
    return 0;
}
