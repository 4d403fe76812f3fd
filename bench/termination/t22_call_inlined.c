// expect: yes
int dec(int v) { return v - 1; }
int main(void) {
    int x = __VERIFIER_nondet_int();
    while (x > 0) {
        x = dec(x);
    }
    return 0;
}
